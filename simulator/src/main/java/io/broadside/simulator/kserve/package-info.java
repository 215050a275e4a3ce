/**
 * The KSERVE family: KServe V1 and Open Inference Protocol V2 REST (PROTOCOLS.md §1.1–1.2), with
 * KServe- or Triton-style readiness, and Triton's generate extension (§1.5). Runs on the
 * simulator's context.
 */
package io.broadside.simulator.kserve;
