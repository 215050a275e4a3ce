package io.broadside.common.plan;

import java.util.regex.Pattern;

/**
 * JSON paths as problems show them: {@code $.load.stages[1].rate}; a key that is not an identifier
 * in brackets, {@code $.thresholds['ttft.p99']}.
 */
final class PlanPath {
  static final String ROOT = "$";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private PlanPath() {}

  static String field(String parent, String key) {
    if (IDENTIFIER.matcher(key).matches()) {
      return parent + "." + key;
    }
    return parent + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
