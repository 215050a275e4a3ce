package io.broadside.common.cluster;

import java.util.regex.Pattern;

/**
 * What a run id may be: it names a run's folder on the coordinator and on every agent, so one that
 * arrives over the wire is checked before it is ever used as a path. A coordinator makes ids such
 * as {@code 20261203-193126-aa50}; any name of letters, digits, {@code .}, {@code _} and {@code -}
 * that starts with a letter or digit, up to 100 characters, is accepted.
 */
public final class RunIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private RunIds() {}

  /** Whether {@code id} is a run id: one path segment, never {@code ..} or a separator. */
  public static boolean valid(String id) {
    return id != null && VALID.matcher(id).matches() && !id.contains("..");
  }

  /** {@code id}, or an {@link IllegalArgumentException} that does not repeat it. */
  public static String require(String id) {
    if (!valid(id)) {
      throw new IllegalArgumentException("not a run id (letters, digits, . _ - only)");
    }
    return id;
  }
}
