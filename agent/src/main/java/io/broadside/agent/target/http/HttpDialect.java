package io.broadside.agent.target.http;

import io.broadside.agent.target.ExchangeSink;
import io.broadside.agent.target.TargetRequest;
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
   * The error class of a non-2xx answer: {@code model_not_ready} for a 503 that says the model is
   * not ready (KServe, the servers that copy it), else {@code http_<status>}.
   */
  default String errorClass(int status, MultiMap headers, Buffer body) {
    if (status == 503 && body.toString().toLowerCase(Locale.ROOT).contains("not ready")) {
      return "model_not_ready";
    }
    return "http_" + status;
  }
}
