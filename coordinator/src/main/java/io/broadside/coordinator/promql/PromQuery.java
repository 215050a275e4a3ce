package io.broadside.coordinator.promql;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Evaluates a PromQL expression to one number through a Prometheus server's HTTP API ({@code GET
 * /api/v1/query}), without blocking. A result that is not exactly one finite number (no series,
 * several, NaN) fails with a message that says what to change in the query.
 */
public final class PromQuery {
  private final HttpClient client;

  public PromQuery(Vertx vertx) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
  }

  /** The value of {@code query} at {@code atEpochSeconds}, as {@code prometheus} evaluates it. */
  public Future<Double> value(URI prometheus, String query, double atEpochSeconds) {
    String base = prometheus.toString().replaceAll("/+$", "");
    String url =
        base
            + "/api/v1/query?query="
            + URLEncoder.encode(query, StandardCharsets.UTF_8)
            + "&time="
            + String.format(Locale.ROOT, "%.3f", atEpochSeconds);
    return client
        .request(
            new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setTimeout(10_000))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(body -> parse(resp.statusCode(), body.toString(), query)))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof QueryException
                        ? e
                        : new QueryException(
                            "cannot query " + base + " for '" + query + "': " + e.getMessage())));
  }

  /** The one number in an answer of {@code /api/v1/query}. */
  static double parse(int status, String body, String query) {
    JsonObject answer;
    try {
      answer = new JsonObject(body);
    } catch (RuntimeException e) {
      throw new QueryException(
          "'" + query + "': not a Prometheus answer (HTTP " + status + "): " + abbreviate(body));
    }
    if (!"success".equals(answer.getString("status"))) {
      throw new QueryException(
          "'"
              + query
              + "' failed: "
              + answer.getString("errorType", "HTTP " + status)
              + ": "
              + answer.getString("error", abbreviate(body)));
    }
    JsonObject data = answer.getJsonObject("data");
    String type = data.getString("resultType");
    JsonArray sample;
    if ("scalar".equals(type)) {
      sample = data.getJsonArray("result");
    } else if ("vector".equals(type)) {
      JsonArray result = data.getJsonArray("result");
      if (result.isEmpty()) {
        throw new QueryException(
            "'"
                + query
                + "' returned no series: is the server's exporter scraped, and the"
                + " metric named right?");
      }
      if (result.size() > 1) {
        throw new QueryException(
            "'"
                + query
                + "' returned "
                + result.size()
                + " series; aggregate them to one,"
                + " e.g. avg("
                + query
                + ")");
      }
      sample = result.getJsonObject(0).getJsonArray("value");
    } else {
      throw new QueryException(
          "'"
              + query
              + "' returned a "
              + type
              + "; it must give one number (an instant vector"
              + " of one series, or a scalar)");
    }
    double value = Double.parseDouble(sample.getString(1));
    if (!Double.isFinite(value)) {
      throw new QueryException("'" + query + "' evaluated to " + value);
    }
    return value;
  }

  private static String abbreviate(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }

  public Future<Void> close() {
    return client.close();
  }

  /** A query that gave no usable number; the message says why. */
  public static final class QueryException extends RuntimeException {
    public QueryException(String message) {
      super(message, null, false, false);
    }
  }
}
