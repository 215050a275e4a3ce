package io.broadside.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.unit.Durations;
import io.broadside.common.unit.Rate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How much one plan may ask for: users (any {@code users} under {@code load}), arrival rate (any
 * {@code rate}), and time (any {@code duration} or {@code maxDuration}). Each value over its limit
 * is a problem at its own JSON path, so a typo of three zeros is caught before it reaches a target.
 * The defaults hold anything a real test needs; a coordinator may set lower ones ({@code
 * --max-users}, {@code --max-rate}, {@code --max-duration}).
 */
public record PlanLimits(int maxUsers, double maxRatePerS, Duration maxDuration) {
  public static final PlanLimits DEFAULT = new PlanLimits(1_000_000, 1_000_000, Duration.ofDays(7));

  /** Every value of a plan's tree over a limit; empty when none is. */
  List<Problem> check(JsonNode root) {
    List<Problem> problems = new ArrayList<>();
    if (root != null && root.has("load")) {
      walk(root.get("load"), "$.load", problems);
    }
    return problems;
  }

  private void walk(JsonNode node, String path, List<Problem> problems) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", problems);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      String at = path + "." + key;
      switch (key) {
        case "users" -> {
          if (value.isNumber() && value.asDouble() > maxUsers) {
            problems.add(
                new Problem(at, "must be at most " + maxUsers + " (this coordinator's limit)"));
          }
        }
        case "rate" -> {
          Double perS = rate(value);
          if (perS != null && perS > maxRatePerS) {
            problems.add(
                new Problem(
                    at,
                    "must be at most "
                        + String.format(java.util.Locale.ROOT, "%.0f/s", maxRatePerS)
                        + " (this coordinator's limit)"));
          }
        }
        case "duration", "maxDuration" -> {
          Duration d = duration(value);
          if (d != null && d.compareTo(maxDuration) > 0) {
            problems.add(
                new Problem(
                    at,
                    "must be at most "
                        + Durations.format(maxDuration)
                        + " (this coordinator's limit)"));
          }
        }
        default -> walk(value, at, problems);
      }
    }
  }

  private static Double rate(JsonNode value) {
    if (!value.isTextual()) {
      return null;
    }
    try {
      return Rate.parse(value.asText()).perSecond();
    } catch (IllegalArgumentException e) {
      return null; // the parser reports it
    }
  }

  private static Duration duration(JsonNode value) {
    if (!value.isTextual()) {
      return null;
    }
    try {
      return Durations.parse(value.asText());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
