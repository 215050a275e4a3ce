package io.broadside.protocol.serving;

import com.google.protobuf.Message;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;

/**
 * One RPC of a target's gRPC API, with its server-side binding (for the simulator) and its
 * client-side binding (for the agent's target clients). Immutable.
 *
 * @param <Q> the request message
 * @param <R> the response message
 */
public record TargetMethod<Q extends Message, R extends Message>(
    ServiceMethod<Q, R> server, ServiceMethod<R, Q> client) {

  static <Q extends Message, R extends Message> TargetMethod<Q, R> of(
      ServiceName service, String name, Q request, R response) {
    return new TargetMethod<>(
        ServiceMethod.server(
            service, name, GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(request)),
        ServiceMethod.client(
            service, name, GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(response)));
  }

  /** The full method name, {@code /package.Service/Method}. */
  public String fullName() {
    return "/" + server.serviceName().fullyQualifiedName() + "/" + server.methodName();
  }
}
