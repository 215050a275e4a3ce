package io.broadside.common.plan;

import java.util.List;

/** Aggregate gates over the whole run; any that fails makes the exit code 1. */
public record Thresholds(List<Threshold> gates) {
  public static final Thresholds NONE = new Thresholds(List.of());

  public Thresholds {
    gates = List.copyOf(gates);
  }
}
