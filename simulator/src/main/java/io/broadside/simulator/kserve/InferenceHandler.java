package io.broadside.simulator.kserve;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.ReadyStyle;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Backend;
import io.broadside.simulator.serve.HttpAnswer;
import io.broadside.simulator.serve.Json;
import io.broadside.simulator.serve.UnaryExchange;
import io.broadside.simulator.serve.UnaryFraming;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * KServe V1 {@code :predict} and V2 {@code /infer}: not generative, so each is one engine sequence
 * of 1 token whose prompt is the number of input elements, answered when that token is emitted.
 * Invalid input 400, injected error 500, throttle 429, not ready 503 (Triton style: 400). Runs on
 * the simulator's context.
 */
final class InferenceHandler {
  private final Backend backend;

  InferenceHandler(Backend backend) {
    this.backend = backend;
  }

  /** {@code {"instances": […]}} or {@code {"inputs": …}} → {@code {"predictions": […]}}. */
  void predict(HttpServerRequest request, String model) {
    long arrivalUs = backend.clock().nowMicros();
    request
        .body()
        .onSuccess(
            body -> {
              RequestRecord record = record(request, "kserve_v1_predict", model, arrivalUs, 0);
              JsonArray instances = instances(body);
              if (instances == null) {
                String message = "Expected \"instances\" or \"inputs\" to be a list";
                backend.log(record, KserveAnswers.error(400, message).send(request.response()));
                return;
              }
              JsonArray predictions = new JsonArray();
              int elements = 0;
              for (Object instance : instances) {
                predictions.add(Tensors.predict(instance));
                elements += Tensors.count(instance);
              }
              String answer = new JsonObject().put("predictions", predictions).encode();
              run(request, prompted(record, elements), model, answer, ReadyStyle.KSERVE);
            });
  }

  /**
   * V2 inference: validates each input's data against its shape and datatype (BYTES elements are
   * strings, as base64 of an image is), answers OUTPUT0 in FP32.
   */
  void infer(HttpServerRequest request, String model) {
    long arrivalUs = backend.clock().nowMicros();
    request
        .body()
        .onSuccess(
            body -> {
              RequestRecord record = record(request, "kserve_v2_infer", model, arrivalUs, 0);
              String answer;
              int elements;
              try {
                JsonObject root = body.toJsonObject();
                JsonArray inputs = root.getJsonArray("inputs");
                if (inputs == null || inputs.isEmpty()) {
                  throw new IllegalArgumentException("\"inputs\" must be a non-empty list");
                }
                elements = 0;
                JsonArray outputData = new JsonArray();
                JsonArray outputShape = null;
                for (int i = 0; i < inputs.size(); i++) {
                  JsonObject input = inputs.getJsonObject(i);
                  JsonArray shape = input.getJsonArray("shape");
                  List<Object> data = Tensors.flatten(input.getValue("data"));
                  long expected = shape == null ? -1 : Tensors.product(shape);
                  if (expected != data.size()) {
                    throw new IllegalArgumentException(
                        "input '"
                            + input.getString("name")
                            + "' has "
                            + data.size()
                            + " elements, its shape "
                            + shape
                            + " needs "
                            + expected);
                  }
                  String mismatch = Tensors.mismatch(input.getString("datatype"), data);
                  if (mismatch != null) {
                    throw new IllegalArgumentException(
                        "input '" + input.getString("name") + "': " + mismatch);
                  }
                  elements += data.size();
                  if (i == 0) {
                    outputShape = shape;
                    data.forEach(d -> outputData.add(Tensors.output(d)));
                  }
                }
                answer =
                    "{\"model_name\":"
                        + Json.quote(model)
                        + ",\"model_version\":\"1\",\"id\":"
                        + Json.quote(root.getValue("id") instanceof String id ? id : record.id())
                        + ",\"outputs\":[{\"name\":\"OUTPUT0\",\"shape\":"
                        + outputShape.encode()
                        + ",\"datatype\":\"FP32\",\"data\":"
                        + outputData.encode()
                        + "}]}";
              } catch (RuntimeException e) {
                backend.log(
                    record, KserveAnswers.error(400, e.getMessage()).send(request.response()));
                return;
              }
              run(
                  request,
                  prompted(record, elements),
                  model,
                  answer,
                  backend.config().readyStyle());
            });
  }

  private void run(
      HttpServerRequest request,
      RequestRecord record,
      String model,
      String answer,
      ReadyStyle style) {
    UnaryFraming framing =
        new UnaryFraming() {
          @Override
          public String body(int tokens) {
            return answer;
          }

          @Override
          public String malformed(int tokens) {
            return answer.substring(0, answer.length() / 2);
          }
        };
    backend.serve(
        Family.KSERVE,
        model,
        record,
        HttpAnswer.refusals(
            request.response(),
            KserveAnswers.error(500, "injected inference error"),
            KserveAnswers.error(429, "Model is overloaded"),
            KserveAnswers.notReady(style, model)),
        fault -> new UnaryExchange(request.response(), record, backend.clock(), fault, framing),
        record.promptTokens(),
        1);
  }

  private static JsonArray instances(Buffer body) {
    try {
      JsonObject root = body.toJsonObject();
      Object instances =
          root.containsKey("instances") ? root.getValue("instances") : root.getValue("inputs");
      return instances instanceof JsonArray array ? array : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private RequestRecord record(
      HttpServerRequest request, String endpoint, String model, long arrivalUs, int prompt) {
    return new RequestRecord(
        backend.nextId("infer-"),
        Backend.remote(request.remoteAddress()),
        endpoint,
        model,
        false,
        arrivalUs,
        prompt);
  }

  private static RequestRecord prompted(RequestRecord record, int promptTokens) {
    record.setPromptTokens(promptTokens);
    return record;
  }
}
