package io.broadside.simulator.grpc;

import io.broadside.simulator.serve.Refusals;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerResponse;

/**
 * The gRPC families' refusals and errors: a trailers-only answer with a status and message.
 * Injected error INTERNAL, throttle RESOURCE_EXHAUSTED "Model is overloaded", not ready
 * UNAVAILABLE.
 */
final class GrpcRefusals implements Refusals {
  private final GrpcServerResponse<?, ?> response;
  private final String model;

  GrpcRefusals(GrpcServerResponse<?, ?> response, String model) {
    this.response = response;
    this.model = model;
  }

  /** Ends {@code response} with {@code status} and {@code message}; returns the status code. */
  static int fail(GrpcServerResponse<?, ?> response, GrpcStatus status, String message) {
    response.status(status).statusMessage(message).end();
    return status.code;
  }

  @Override
  public int error() {
    return fail(response, GrpcStatus.INTERNAL, "injected error");
  }

  @Override
  public int throttle() {
    return fail(response, GrpcStatus.RESOURCE_EXHAUSTED, "Model is overloaded");
  }

  @Override
  public int notReady() {
    return fail(response, GrpcStatus.UNAVAILABLE, "Model " + model + " is not ready");
  }
}
