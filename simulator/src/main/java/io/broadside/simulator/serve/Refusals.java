package io.broadside.simulator.serve;

/**
 * A family's answers that end a generation request before the engine sees it: each writes the whole
 * answer and returns the status to log (HTTP status, or the gRPC status code). Called on the
 * simulator's context, possibly after the client left (the write is then lost).
 */
public interface Refusals {

  /** An injected error. */
  int error();

  /** An injected throttle: the family's overload or throttling answer. */
  int throttle();

  /** The model is not loaded (multi-model hosting). */
  int notReady();
}
