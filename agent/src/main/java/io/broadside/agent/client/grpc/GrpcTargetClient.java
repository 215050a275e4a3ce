package io.broadside.agent.client.grpc;

import io.broadside.agent.client.ExchangeListener;
import io.broadside.agent.client.TargetClient;
import io.broadside.agent.client.TargetRequest;
import io.vertx.core.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A {@link TargetClient} over gRPC: {@link GrpcTransport} carries, {@code sender} makes and sends
 * the protocol's call for a request, {@code readiness} checks a model.
 */
public final class GrpcTargetClient implements TargetClient {
  private final GrpcTransport transport;
  private final BiConsumer<TargetRequest, ExchangeListener> sender;
  private final Function<String, Future<Boolean>> readiness;

  public GrpcTargetClient(
      GrpcTransport transport,
      BiConsumer<TargetRequest, ExchangeListener> sender,
      Function<String, Future<Boolean>> readiness) {
    this.transport = transport;
    this.sender = sender;
    this.readiness = readiness;
  }

  @Override
  public void send(TargetRequest request, ExchangeListener listener) {
    sender.accept(request, listener);
  }

  @Override
  public Future<Boolean> ready(String model) {
    return readiness.apply(model);
  }

  @Override
  public Future<Void> close() {
    return transport.close();
  }
}
