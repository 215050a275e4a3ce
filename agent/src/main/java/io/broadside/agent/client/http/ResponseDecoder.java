package io.broadside.agent.client.http;

import io.vertx.core.buffer.Buffer;

/**
 * Reads the body of one successful (2xx) HTTP answer as it arrives, reporting to the exchange's
 * {@link io.broadside.agent.client.ExchangeSink}. One instance per response, on the lane's event
 * loop; buffers split the body anywhere.
 */
public interface ResponseDecoder {
  void feed(Buffer bytes);

  /** The body is complete: the decoder completes or fails the exchange. */
  void end();
}
