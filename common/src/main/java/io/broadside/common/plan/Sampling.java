package io.broadside.common.plan;

/** Order in which dataset entries are used. */
public enum Sampling {
  RANDOM,
  SEQUENTIAL
}
