package io.broadside.simulator.kserve;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of the non-generative answers: element counts, flattening, and the simulated
 * model's output (every number halved; any other element 0.5). Pure functions.
 */
final class Tensors {
  private Tensors() {}

  /** The leaves of a JSON value (arrays flattened row-major). */
  static List<Object> flatten(Object value) {
    List<Object> leaves = new ArrayList<>();
    flattenInto(value, leaves);
    return leaves;
  }

  private static void flattenInto(Object value, List<Object> leaves) {
    if (value instanceof JsonArray array) {
      array.forEach(v -> flattenInto(v, leaves));
    } else {
      leaves.add(value);
    }
  }

  /**
   * Why {@code data} are not elements of {@code datatype}, or null if they are: BOOL takes
   * booleans, BYTES strings (base64 of binary data, or text), the integer types whole numbers and
   * the float types any number.
   */
  static String mismatch(String datatype, List<Object> data) {
    if (datatype == null || !DATATYPES.contains(datatype)) {
      return "datatype must be one of " + String.join(", ", DATATYPES) + ", was " + datatype;
    }
    for (int i = 0; i < data.size(); i++) {
      Object v = data.get(i);
      boolean ok =
          switch (datatype) {
            case "BOOL" -> v instanceof Boolean;
            case "BYTES" -> v instanceof String;
            case "FP16", "FP32", "FP64" -> v instanceof Number;
            default ->
                v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger;
          };
      if (!ok) {
        return "element " + i + " is not " + datatype + ": " + v;
      }
    }
    return null;
  }

  private static final List<String> DATATYPES =
      List.of(
          "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16",
          "FP32", "FP64", "BYTES");

  /** What the simulated model makes of one input element. */
  static double output(Object element) {
    if (element instanceof Number n) {
      return n.doubleValue() * 0.5;
    }
    if (element instanceof Boolean b) {
      return b ? 0.5 : 0;
    }
    return 0.5;
  }

  /** The V1 prediction of one instance: the same structure, every element mapped. */
  static Object predict(Object instance) {
    if (instance instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(v -> out.add(predict(v)));
      return out;
    }
    if (instance instanceof JsonObject object) {
      JsonObject out = new JsonObject();
      object.forEach(e -> out.put(e.getKey(), predict(e.getValue())));
      return out;
    }
    return output(instance);
  }

  /** Elements in a V1 instance (objects count their values). */
  static int count(Object instance) {
    if (instance instanceof JsonArray array) {
      int n = 0;
      for (Object v : array) {
        n += count(v);
      }
      return n;
    }
    if (instance instanceof JsonObject object) {
      int n = 0;
      for (var e : object) {
        n += count(e.getValue());
      }
      return n;
    }
    return 1;
  }

  /** The product of a shape, or -1 when a dimension is negative or not an integer. */
  static long product(JsonArray shape) {
    long product = 1;
    for (Object dim : shape) {
      if (!(dim instanceof Integer || dim instanceof Long) || ((Number) dim).longValue() < 0) {
        return -1;
      }
      product *= ((Number) dim).longValue();
    }
    return product;
  }
}
