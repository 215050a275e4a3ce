package io.broadside.agent.client.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.plan.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The elements of one input tensor, made once per run from the plan's {@link Tensor}: seeded random
 * values (small integers, floats in [0, 1), booleans, short strings for BYTES), zeros, or the
 * values of a JSON file (an array, nested arrays read row-major). Immutable.
 *
 * @param values flattened row-major: {@link Long} for integer types, {@link Double} for floats,
 *     {@link Boolean} for BOOL, {@link String} for BYTES
 */
public record TensorData(String name, List<Long> shape, String datatype, List<Object> values) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Makes the elements. Reads a file for {@code fill: file}: call on a worker thread. */
  public static TensorData of(Tensor tensor, long seed) {
    int n = (int) Math.min(Integer.MAX_VALUE, tensor.elements());
    List<Object> values = new ArrayList<>(n);
    String type = tensor.datatype();
    if (tensor.fill() == Tensor.Fill.FILE) {
      try {
        JsonNode array = MAPPER.readTree(tensor.file().toFile());
        if (array == null || !array.isArray()) {
          throw new IllegalArgumentException(
              "tensor " + tensor.name() + ": " + tensor.file() + " must hold a JSON array");
        }
        flatten(tensor, array, "", values);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read tensor file " + tensor.file(), e);
      }
      if (values.size() != n) {
        throw new IllegalArgumentException(
            "tensor "
                + tensor.name()
                + " has shape "
                + tensor.shape()
                + " ("
                + n
                + " elements) but "
                + tensor.file()
                + " holds "
                + values.size());
      }
    } else {
      Random random = new Random(seed ^ tensor.name().hashCode());
      boolean zeros = tensor.fill() == Tensor.Fill.ZEROS;
      for (int i = 0; i < n; i++) {
        values.add(zeros ? zero(type) : random(type, random, i));
      }
    }
    return new TensorData(tensor.name(), tensor.shape(), type, List.copyOf(values));
  }

  /** Nested arrays row-major, each element checked against the datatype. */
  private static void flatten(Tensor tensor, JsonNode array, String at, List<Object> values) {
    for (int i = 0; i < array.size(); i++) {
      JsonNode v = array.get(i);
      String where = at + "[" + i + "]";
      if (v.isArray()) {
        flatten(tensor, v, where, values);
        continue;
      }
      String type = tensor.datatype();
      boolean ok =
          switch (type) {
            case "BOOL" -> v.isBoolean();
            case "BYTES" -> v.isTextual();
            case "FP16", "FP32", "FP64" -> v.isNumber();
            default -> v.isIntegralNumber();
          };
      if (!ok) {
        throw new IllegalArgumentException(
            "tensor "
                + tensor.name()
                + ": "
                + tensor.file()
                + " element "
                + where
                + " must be "
                + switch (type) {
                  case "BOOL" -> "true or false";
                  case "BYTES" -> "a string";
                  case "FP16", "FP32", "FP64" -> "a number";
                  default -> "a whole number";
                }
                + " for "
                + type
                + ", was "
                + v);
      }
      values.add(element(type, v));
    }
  }

  private static Object element(String type, JsonNode v) {
    return switch (type) {
      case "BOOL" -> v.asBoolean();
      case "BYTES" -> v.asText();
      case "FP16", "FP32", "FP64" -> v.asDouble();
      default -> v.asLong();
    };
  }

  private static Object zero(String type) {
    return switch (type) {
      case "BOOL" -> Boolean.FALSE;
      case "BYTES" -> "";
      case "FP16", "FP32", "FP64" -> 0.0;
      default -> 0L;
    };
  }

  private static Object random(String type, Random random, int i) {
    return switch (type) {
      case "BOOL" -> random.nextBoolean();
      case "BYTES" -> "broadside-" + i;
      case "FP16", "FP32", "FP64" -> (double) random.nextFloat();
      case "INT8", "UINT8" -> (long) random.nextInt(100);
      default -> (long) random.nextInt(1000);
    };
  }

  /**
   * The elements as raw bytes (Triton's convention: little-endian, row-major; BYTES elements
   * prefixed with a 4-byte length; FP16 as IEEE half precision).
   */
  public byte[] raw() {
    ByteBuffer out = ByteBuffer.allocate(rawSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (Object v : values) {
      switch (datatype) {
        case "BOOL" -> out.put((byte) (((Boolean) v) ? 1 : 0));
        case "INT8", "UINT8" -> out.put(((Long) v).byteValue());
        case "INT16", "UINT16" -> out.putShort(((Long) v).shortValue());
        case "INT32", "UINT32" -> out.putInt(((Long) v).intValue());
        case "INT64", "UINT64" -> out.putLong((Long) v);
        case "FP16" -> out.putShort(half(((Double) v).floatValue()));
        case "FP32" -> out.putFloat(((Double) v).floatValue());
        case "FP64" -> out.putDouble((Double) v);
        default -> {
          byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
          out.putInt(b.length).put(b);
        }
      }
    }
    return out.array();
  }

  /** IEEE 754 half precision, rounded toward zero (enough for load-test payloads). */
  static short half(float value) {
    int bits = Float.floatToIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
    int mantissa = bits & 0x7fffff;
    if (exponent <= 0) {
      return (short) sign;
    }
    if (exponent >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    return (short) (sign | (exponent << 10) | (mantissa >>> 13));
  }

  private int rawSize() {
    if ("BYTES".equals(datatype)) {
      int size = 0;
      for (Object v : values) {
        size += 4 + ((String) v).getBytes(StandardCharsets.UTF_8).length;
      }
      return size;
    }
    int width =
        switch (datatype) {
          case "BOOL", "INT8", "UINT8" -> 1;
          case "INT16", "UINT16", "FP16" -> 2;
          case "INT32", "UINT32", "FP32" -> 4;
          default -> 8;
        };
    return width * values.size();
  }
}
