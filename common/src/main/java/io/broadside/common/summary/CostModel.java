package io.broadside.common.summary;

/** Cost per million output tokens from an instance price (DESIGN.md §5). */
public final class CostModel {
  private CostModel() {}

  /** {@code usdPerHour / (tokensPerS × 3600) × 10⁶}; null when no tokens were generated. */
  public static Double usdPerMillionTokens(double usdPerHour, double outputTokensPerS) {
    return outputTokensPerS > 0 ? usdPerHour / (outputTokensPerS * 3600) * 1e6 : null;
  }

  /** Minutes of generation per million output tokens; null when no tokens were generated. */
  public static Double minutesPerMillionTokens(double outputTokensPerS) {
    return outputTokensPerS > 0 ? 1e6 / outputTokensPerS / 60 : null;
  }
}
