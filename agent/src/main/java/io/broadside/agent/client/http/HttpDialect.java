package io.broadside.agent.client.http;

import io.broadside.agent.client.ExchangeSink;
import io.broadside.agent.client.TargetRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.Locale;

/**
 * What one HTTP-based protocol adds to {@link HttpTransport}: the request it makes of a {@link
 * TargetRequest}, how it reads a successful answer, and how it names a failed one. Implementations
 * are used on one lane's event loop and hold no per-exchange state (decoders do).
 */
public interface HttpDialect {
  HttpCall call(TargetRequest request);

  /** A decoder for the body of {@code response} (status 2xx). */
  ResponseDecoder decoder(HttpClientResponse response, ExchangeSink sink);

  /**
   * The error class of a non-2xx answer: {@code model_not_ready} for a 503 (KServe and the servers
   * that copy it) or a 400 (Triton) that says the model is not ready, else {@code http_<status>}.
   */
  default String errorClass(int status, MultiMap headers, Buffer body) {
    if ((status == 503 || status == 400) && saysNotReady(body.toString())) {
      return "model_not_ready";
    }
    return "http_" + status;
  }

  /** Whether a server's error message says the model is not ready (yet), or still loading. */
  static boolean saysNotReady(String message) {
    if (message == null) {
      return false;
    }
    String text = message.toLowerCase(Locale.ROOT);
    return text.contains("not ready") || text.contains("is loading") || text.contains("not_ready");
  }
}
