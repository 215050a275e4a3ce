package io.broadside.simulator.grpc;

import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Backend;
import io.vertx.grpc.server.GrpcServerRequest;

/** What the gRPC services share: the request-log record of a call. */
final class GrpcCalls {
  private GrpcCalls() {}

  /** A record of a call that arrived at {@code arrivalUs}. */
  static RequestRecord record(
      Backend backend,
      GrpcServerRequest<?, ?> call,
      String endpoint,
      String model,
      boolean stream,
      long arrivalUs,
      int promptTokens) {
    return new RequestRecord(
        backend.nextId("grpc-"),
        Backend.remote(call.connection().remoteAddress()),
        endpoint,
        model,
        stream,
        arrivalUs,
        promptTokens);
  }
}
