package io.broadside.simulator.serve;

import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A whole HTTP answer decided up front (an error, a refusal): status, JSON body and extra headers.
 * Immutable.
 */
public record HttpAnswer(int status, String body, Map<String, String> headers) {

  public HttpAnswer {
    headers = Map.copyOf(headers);
  }

  /** {@code status} with a JSON {@code body}. */
  public static HttpAnswer json(int status, String body) {
    return new HttpAnswer(status, body, Map.of());
  }

  /** This answer with one more header. */
  public HttpAnswer withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpAnswer(status, body, more);
  }

  /** Ends {@code response} with this answer and returns the status. */
  public int send(HttpServerResponse response) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json");
    headers.forEach(response::putHeader);
    response.end(body);
    return status;
  }

  /** Refusals that send these three answers. */
  public static Refusals refusals(
      HttpServerResponse response, HttpAnswer error, HttpAnswer throttle, HttpAnswer notReady) {
    return new Refusals() {
      @Override
      public int error() {
        return error.send(response);
      }

      @Override
      public int throttle() {
        return throttle.send(response);
      }

      @Override
      public int notReady() {
        return notReady.send(response);
      }
    };
  }
}
