package io.broadside.agent.client.kserve;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * The elements one image gives a tensor of {@code fill: images}, in the two encodings a request
 * carries them in. Immutable once made; {@code bytes} is not copied.
 *
 * @param datatype BYTES, FP32 or UINT8
 * @param bytes for BYTES the image file as it is; for FP32 and UINT8 the RGB pixels, one byte
 *     (0–255) per element in the tensor's layout, an FP32 element being that byte / 255
 */
public record ImageElements(String datatype, byte[] bytes) {
  /** Each byte's FP32 element as JSON spells it: {@link Float#toString} of byte / 255. */
  private static final String[] FP32_TEXT = new String[256];

  static {
    for (int v = 0; v < 256; v++) {
      FP32_TEXT[v] = Float.toString(fp32(v));
    }
  }

  /** The FP32 element of a pixel byte 0–255: its value scaled to [0, 1]. */
  static float fp32(int pixel) {
    return pixel / 255f;
  }

  /**
   * Triton's raw encoding (gRPC {@code raw_input_contents}): BYTES as one element, a 4-byte
   * little-endian length and the file; UINT8 the pixels; FP32 each as a little-endian float.
   */
  public byte[] raw() {
    return switch (datatype) {
      case "BYTES" -> {
        ByteBuffer out = ByteBuffer.allocate(4 + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        yield out.putInt(bytes.length).put(bytes).array();
      }
      case "FP32" -> {
        ByteBuffer out = ByteBuffer.allocate(4 * bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : bytes) {
          out.putFloat(fp32(b & 0xff));
        }
        yield out.array();
      }
      default -> bytes.clone();
    };
  }

  /**
   * Appends the REST {@code data} array: BYTES as one base64 string (JSON strings carry no raw
   * bytes), UINT8 as whole numbers, FP32 as decimals.
   */
  public void appendJson(StringBuilder out) {
    out.append('[');
    if (datatype.equals("BYTES")) {
      out.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
    } else {
      boolean fp32 = datatype.equals("FP32");
      for (int i = 0; i < bytes.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        int v = bytes[i] & 0xff;
        if (fp32) {
          out.append(FP32_TEXT[v]);
        } else {
          out.append(v);
        }
      }
    }
    out.append(']');
  }
}
