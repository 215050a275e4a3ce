package io.broadside.agent.client.grpc;

import io.broadside.agent.client.ExchangeSink;

/**
 * Reads the messages of one gRPC answer of a target protocol into sink events. One instance per
 * exchange (it may count what it has seen), on the lane's event loop.
 *
 * @param <R> the response message
 */
public interface GrpcReader<R> {
  void message(R message, ExchangeSink sink);

  /** The answer ended with status OK: complete the exchange (or fail it). */
  void end(ExchangeSink sink);
}
