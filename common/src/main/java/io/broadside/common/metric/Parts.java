package io.broadside.common.metric;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a (stage, model) cell whose figures are also kept apart: a slice ({@code
 * slice=<name>}) and a session's turn ({@code turn=<k>}, from 1). A request counts in its cell and
 * in each of its parts, so the cell's figures stay whole and each part's are exact on their own.
 */
public final class Parts {
  public static final String SLICE = "slice";
  public static final String TURN = "turn";

  private Parts() {}

  public static String slice(String name) {
    return SLICE + "=" + name;
  }

  public static String turn(int k) {
    return TURN + "=" + k;
  }

  /** Every part of a plan with these slices and sessions of at most {@code turns} (0: none). */
  public static List<String> of(List<String> slices, int turns) {
    List<String> parts = new ArrayList<>(slices.size() + turns);
    slices.forEach(s -> parts.add(slice(s)));
    for (int k = 1; k <= turns; k++) {
      parts.add(turn(k));
    }
    return parts;
  }

  /** {@code slice} or {@code turn}. */
  public static String kind(String part) {
    int eq = part.indexOf('=');
    return eq < 0 ? part : part.substring(0, eq);
  }

  /** The slice's name or the turn's index, as text. */
  public static String value(String part) {
    return part.substring(part.indexOf('=') + 1);
  }
}
