package io.broadside.simulator.sagemaker;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.SageMakerConfig;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Backend;
import io.broadside.simulator.serve.HttpAnswer;
import io.broadside.simulator.serve.Json;
import io.broadside.simulator.serve.UnaryExchange;
import io.broadside.simulator.serve.UnaryFraming;
import io.broadside.simulator.tgi.TgiFormat;
import io.broadside.simulator.tgi.TgiRequest;
import io.broadside.simulator.token.SeededVocabulary;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The SAGEMAKER family (PROTOCOLS.md §4), a TGI container behind SageMaker Runtime: {@code POST
 * /endpoints/{name}/invocations} ({@code [{"generated_text","details"}]}), {@code POST
 * /endpoints/{name}/invocations-response-stream} (an event stream, see {@link
 * EventStreamExchange}), {@code GET /ping}. The model is {@code X-Amzn-SageMaker-Target-Model},
 * else {@code X-Amzn-SageMaker-Inference-Component}, else the first. Errors carry {@code
 * x-amzn-ErrorType}: 400 ValidationError, 403 InvalidSignatureException (SigV4 checked when
 * credentials are configured), 424 ModelError (injected, or the container's 422), 429
 * ModelNotReadyException, 400 ThrottlingException. Runs on the simulator's context.
 */
public final class SageMakerHandler implements Handler<HttpServerRequest> {
  private static final String ACCOUNT = "123456789012";
  private final Backend backend;
  private final SageMakerConfig config;
  private final SigV4Verifier verifier;

  public SageMakerHandler(Backend backend) {
    this.backend = backend;
    this.config = backend.config().sagemaker();
    this.verifier = config.checksSignatures() ? new SigV4Verifier(config) : null;
  }

  /** Loads the signer and the event-stream encoder. Blocking: call on a worker thread. */
  public static void warmUp() {
    SigV4Verifier.warmUp();
    new software.amazon.awssdk.eventstream.Message(java.util.Map.of(), new byte[1]).toByteBuffer();
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.equals("/ping")) {
      request.response().end();
      return;
    }
    String[] parts = path.split("/");
    boolean invocation =
        request.method() == HttpMethod.POST
            && parts.length == 4
            && parts[1].equals("endpoints")
            && (parts[3].equals("invocations") || parts[3].equals("invocations-response-stream"));
    if (!invocation) {
      error(404, "UnknownOperationException", "no route " + path).send(request.response());
      return;
    }
    long arrivalUs = backend.clock().nowMicros();
    String remote = Backend.remote(request.remoteAddress());
    boolean stream = parts[3].equals("invocations-response-stream");
    request.body().onSuccess(body -> serve(request, parts[2], stream, arrivalUs, remote, body));
  }

  private void serve(
      HttpServerRequest request,
      String endpointName,
      boolean stream,
      long arrivalUs,
      String remote,
      Buffer body) {
    HttpServerResponse response = request.response();
    response.putHeader("x-Amzn-Invoked-Production-Variant", "AllTraffic");
    String attributes = request.getHeader("X-Amzn-SageMaker-Custom-Attributes");
    if (attributes != null) {
      response.putHeader("X-Amzn-SageMaker-Custom-Attributes", attributes);
    }
    String target = request.getHeader("X-Amzn-SageMaker-Target-Model");
    String component = request.getHeader("X-Amzn-SageMaker-Inference-Component");
    String model = target != null ? target : component != null ? component : backend.defaultModel();
    String endpoint = stream ? "sagemaker_invocations_stream" : "sagemaker_invocations";
    RequestRecord record =
        new RequestRecord(backend.nextId("sm-"), remote, endpoint, model, stream, arrivalUs, 0);
    String badSignature = verifier == null ? null : verifier.check(request, body.getBytes());
    if (badSignature != null) {
      backend.log(record, error(403, "InvalidSignatureException", badSignature).send(response));
      return;
    }
    if (!endpointName.equals(config.endpointName())) {
      String message = "Endpoint " + endpointName + " of account " + ACCOUNT + " not found.";
      backend.log(record, error(400, "ValidationError", message).send(response));
      return;
    }
    if (!backend.serves(model)) {
      String message = "Model " + model + " is not one of the endpoint's models.";
      backend.log(record, error(400, "ValidationError", message).send(response));
      return;
    }
    TgiRequest parsed;
    try {
      parsed = TgiRequest.parse(body);
    } catch (IllegalArgumentException e) {
      backend.log(record, modelError(422, e.getMessage()).send(response));
      return;
    }
    record.setPromptTokens(parsed.promptTokens());
    SeededVocabulary vocabulary = backend.vocabulary();
    TgiFormat format = new TgiFormat(vocabulary, parsed);
    long partSeed = backend.config().seed() * 31 + arrivalUs;
    backend.serve(
        Family.SAGEMAKER,
        model,
        record,
        HttpAnswer.refusals(
            response,
            modelError(500, "injected error"),
            error(400, "ThrottlingException", "Rate exceeded"),
            error(429, "ModelNotReadyException", "Model " + model + " is not ready yet.")),
        fault ->
            stream
                ? new EventStreamExchange(
                    response,
                    record,
                    backend.clock(),
                    fault,
                    backend.keepAliveEvery(Family.SAGEMAKER),
                    format,
                    partSeed)
                : new UnaryExchange(
                    response, record, backend.clock(), fault, unary(vocabulary, parsed)),
        parsed.promptTokens(),
        parsed.maxTokens());
  }

  private static UnaryFraming unary(SeededVocabulary vocabulary, TgiRequest request) {
    return new UnaryFraming() {
      @Override
      public String body(int tokens) {
        return "[{\"generated_text\":"
            + Json.quote(vocabulary.text(tokens))
            + ",\"details\":{\"finish_reason\":\"length\",\"generated_tokens\":"
            + tokens
            + "}}]";
      }

      @Override
      public String malformed(int tokens) {
        return "[{\"generated_text\": ";
      }
    };
  }

  private static HttpAnswer error(int status, String type, String message) {
    return HttpAnswer.json(status, "{\"message\":" + Json.quote(message) + "}")
        .withHeader("x-amzn-ErrorType", type);
  }

  private static HttpAnswer modelError(int originalStatus, String message) {
    String original = "{\"error\":" + Json.quote(message) + "}";
    String body =
        "{\"ErrorCode\":\"CLIENT_ERROR_FROM_MODEL\",\"LogStreamArn\":"
            + "\"arn:aws:logs:us-east-1:"
            + ACCOUNT
            + ":log-group:/aws/sagemaker/Endpoints/broadside-sim\",\"Message\":"
            + Json.quote(
                "Received server error ("
                    + originalStatus
                    + ") from primary with message \""
                    + original
                    + "\".")
            + ",\"OriginalMessage\":"
            + Json.quote(original)
            + ",\"OriginalStatusCode\":"
            + originalStatus
            + "}";
    return HttpAnswer.json(424, body).withHeader("x-amzn-ErrorType", "ModelError");
  }
}
