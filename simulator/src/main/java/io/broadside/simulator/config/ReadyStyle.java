package io.broadside.simulator.config;

/** How the KServe family's V2 REST readiness routes answer. */
public enum ReadyStyle {
  /** KServe: 200 {@code {"name","ready":true}}, 503 {@code {"error":…}} when not ready. */
  KSERVE,
  /** Triton: 200 with an empty body when ready, 400 {@code {"error":…}} when not. */
  TRITON
}
