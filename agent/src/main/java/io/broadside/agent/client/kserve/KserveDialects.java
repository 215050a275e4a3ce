package io.broadside.agent.client.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.agent.client.ExchangeSink;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.http.HttpCall;
import io.broadside.agent.client.http.HttpDialect;
import io.broadside.agent.client.http.HttpTargetClient.Readiness;
import io.broadside.agent.client.http.Json;
import io.broadside.agent.client.http.JsonBodyDecoder;
import io.broadside.agent.client.http.ResponseDecoder;
import io.broadside.common.plan.Tensor;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;

/**
 * KServe's REST protocols (PROTOCOLS.md §1.1–1.2): V1 {@code :predict} with {@code instances} and
 * V2 (Open Inference Protocol) {@code /infer} with typed tensors, both built once from the plan's
 * tensors (the same body for every request, or with {@code fill: images} one body per image, taken
 * in turn), and their readiness checks. Predictions carry no tokens: these are measured by latency
 * alone.
 */
public final class KserveDialects {
  private KserveDialects() {}

  private static final MultiMap JSON =
      MultiMap.caseInsensitiveMultiMap().set(HttpHeaders.CONTENT_TYPE, "application/json");

  /** V1 {@code POST /v1/models/{name}:predict}; the first tensor's rows are the instances. */
  public static HttpDialect v1(String basePath, List<TensorData> tensors) {
    Buffer body = new JsonObject().put("instances", instances(tensors.get(0))).toBuffer();
    return new Answering(
        request ->
            new HttpCall(
                HttpMethod.POST,
                basePath + "/v1/models/" + request.model() + ":predict",
                body,
                JSON,
                false),
        "predictions");
  }

  /**
   * V2 {@code POST /v2/models/{name}/infer}, each request with the next of {@code bodies} (see
   * {@link KserveInputs}) from {@code first} on.
   */
  public static HttpDialect v2(String basePath, List<Buffer> bodies, int first) {
    PayloadCycle<Buffer> cycle = new PayloadCycle<>(bodies, first);
    return new Answering(
        request ->
            new HttpCall(
                HttpMethod.POST,
                basePath + "/v2/models/" + request.model() + "/infer",
                cycle.next(),
                JSON,
                false),
        "outputs");
  }

  /**
   * A V2 request body with every tensor as JSON {@code data}: {@code data}'s elements, and at the
   * index where {@code data} holds null the elements of {@code image} (BYTES as a base64 string).
   *
   * @param image nullable when every tensor has its elements
   */
  static Buffer v2Body(List<Tensor> plan, List<TensorData> data, ImageElements image) {
    StringBuilder body = new StringBuilder("{\"inputs\":[");
    for (int i = 0; i < plan.size(); i++) {
      if (i > 0) {
        body.append(',');
      }
      Tensor t = plan.get(i);
      JsonObject input =
          new JsonObject()
              .put("name", t.name())
              .put("shape", new JsonArray(List.copyOf(t.shape())))
              .put("datatype", t.datatype());
      if (data.get(i) != null) {
        body.append(input.put("data", new JsonArray(data.get(i).values())).encode());
      } else {
        String head = input.encode();
        body.append(head, 0, head.length() - 1).append(",\"data\":");
        image.appendJson(body);
        body.append('}');
      }
    }
    return Buffer.buffer(body.append("]}").toString());
  }

  /** V1 readiness: {@code GET /v1/models/{name}} answers 200 with {@code ready: true}. */
  public static Readiness v1Readiness() {
    return (transport, model) ->
        transport
            .get(transport.basePath() + "/v1/models/" + model)
            .map(a -> a.status() == 200 && readyFlag(a.body(), true));
  }

  /**
   * V2 readiness: {@code GET /v2/models/{name}/ready}; 200 is ready (Triton's empty body, or
   * KServe's {@code {"ready": true}}), Triton's 400 and KServe's 503 are not.
   */
  public static Readiness v2Readiness() {
    return (transport, model) ->
        transport
            .get(transport.basePath() + "/v2/models/" + model + "/ready")
            .map(a -> a.status() == 200 && readyFlag(a.body(), true));
  }

  private static boolean readyFlag(Buffer body, boolean absent) {
    if (body.length() == 0) {
      return absent;
    }
    try {
      JsonNode node = Json.tree(body);
      return node.has("ready") ? node.get("ready").asBoolean() : absent;
    } catch (IOException e) {
      return absent;
    }
  }

  private static JsonArray instances(TensorData tensor) {
    List<Long> shape = tensor.shape();
    int rows = shape.get(0).intValue();
    int perRow = tensor.values().size() / Math.max(1, rows);
    JsonArray instances = new JsonArray();
    for (int r = 0; r < rows; r++) {
      List<Object> row = tensor.values().subList(r * perRow, (r + 1) * perRow);
      instances.add(shape.size() == 1 ? row.get(0) : new JsonArray(List.copyOf(row)));
    }
    return instances;
  }

  /** A dialect whose answer must be a JSON object with {@code field}. */
  private record Answering(java.util.function.Function<TargetRequest, HttpCall> calls, String field)
      implements HttpDialect {
    @Override
    public HttpCall call(TargetRequest request) {
      return calls.apply(request);
    }

    @Override
    public ResponseDecoder decoder(HttpClientResponse response, ExchangeSink sink) {
      return new JsonBodyDecoder(
          sink,
          (body, s) -> {
            JsonNode answer = Json.tree(body);
            if (!answer.has(field)) {
              throw new IOException("no " + field);
            }
            s.chunk(0, true);
          });
    }
  }
}
