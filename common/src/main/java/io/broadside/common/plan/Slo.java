package io.broadside.common.plan;

import java.time.Duration;

/**
 * Per-request bounds: a request that meets every bound that is set counts toward goodput. Each
 * field is nullable (no bound).
 */
public record Slo(Duration ttft, Duration tpot, Duration itl, Duration e2e) {
  public static final Slo NONE = new Slo(null, null, null, null);
}
