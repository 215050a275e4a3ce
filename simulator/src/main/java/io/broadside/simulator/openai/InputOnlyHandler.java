package io.broadside.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.fault.Fault;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Backend;
import io.broadside.simulator.serve.HttpExchange;
import io.broadside.simulator.token.WordTokenizer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;

/**
 * {@code POST /v1/embeddings} ({@code input}: a text or texts) and {@code POST /v1/rerank} ({@code
 * query} and {@code documents}, vLLM's and Cohere's shape). The engine runs each as a prefill of
 * its input and one step, so embeddings and reranks share the GPU with generations; the answer is
 * one JSON body with its results and {@code usage.prompt_tokens} (the input's words), written when
 * the step is done. Runs on the simulator's context.
 */
public final class InputOnlyHandler {
  /** What the request asks for. */
  public enum Kind {
    EMBEDDINGS("embeddings", "embd-"),
    RERANK("rerank", "rerank-");

    final String logName;
    final String idPrefix;

    Kind(String logName, String idPrefix) {
      this.logName = logName;
      this.idPrefix = idPrefix;
    }
  }

  /** The length of every embedding vector. */
  static final int DIMENSIONS = 8;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final Backend backend;

  public InputOnlyHandler(Backend backend) {
    this.backend = backend;
  }

  public void handle(HttpServerRequest request, Kind kind) {
    long arrivalUs = backend.clock().nowMicros();
    String remote = Backend.remote(request.remoteAddress());
    request.body().onSuccess(body -> serve(request, kind, arrivalUs, remote, body));
  }

  private record Input(String model, int tokens, int items) {}

  private void serve(
      HttpServerRequest request, Kind kind, long arrivalUs, String remote, Buffer body) {
    HttpServerResponse response = request.response();
    String id = backend.nextId(kind.idPrefix);
    Input input;
    try {
      input = parse(kind, body);
    } catch (BadRequestException e) {
      OpenAiErrors.send(response, 400, e.getMessage(), "invalid_request_error", e.param(), null);
      backend.log(new RequestRecord(id, remote, kind.logName, "", false, arrivalUs, 0), 400);
      return;
    }
    String model = input.model() == null ? backend.defaultModel() : input.model();
    RequestRecord record =
        new RequestRecord(id, remote, kind.logName, model, false, arrivalUs, input.tokens());
    if (!OpenAiErrors.served(backend, response, record, model)) {
      return;
    }
    backend.serve(
        Family.OPENAI,
        model,
        record,
        CompletionHandler.refusals(response, model),
        fault -> new Answer(response, record, backend.clock(), fault, kind, id, model, input),
        input.tokens(),
        1);
  }

  private static Input parse(Kind kind, Buffer body) throws BadRequestException {
    JsonNode root;
    try {
      root = MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      throw new BadRequestException("the body is not valid JSON", null);
    }
    if (root == null || !root.isObject()) {
      throw new BadRequestException("the body must be a JSON object", null);
    }
    String model = root.path("model").isTextual() ? root.path("model").asText() : null;
    if (kind == Kind.EMBEDDINGS) {
      JsonNode in = root.path("input");
      if (in.isTextual()) {
        return new Input(model, WordTokenizer.count(in.asText()), 1);
      }
      if (in.isArray() && !in.isEmpty()) {
        int tokens = 0;
        for (JsonNode t : in) {
          tokens += WordTokenizer.count(t.asText(""));
        }
        return new Input(model, tokens, in.size());
      }
      throw new BadRequestException("'input' must be a text or a non-empty list of texts", "input");
    }
    JsonNode query = root.path("query");
    JsonNode documents = root.path("documents");
    if (!query.isTextual() || !documents.isArray() || documents.isEmpty()) {
      throw new BadRequestException(
          "'query' (a text) and 'documents' (a non-empty list) are required", "documents");
    }
    int tokens = WordTokenizer.count(query.asText());
    for (JsonNode d : documents) {
      tokens += WordTokenizer.count(d.isTextual() ? d.asText() : d.path("text").asText(""));
    }
    return new Input(model, tokens, documents.size());
  }

  /** The answer, written once the engine's step for it is done. */
  private static final class Answer extends HttpExchange {
    private final Kind kind;
    private final String id;
    private final String model;
    private final Input input;

    Answer(
        HttpServerResponse response,
        RequestRecord record,
        EpochMicroClock clock,
        Fault fault,
        Kind kind,
        String id,
        String model,
        Input input) {
      super(response, record, clock, fault, false, 0);
      this.kind = kind;
      this.id = id;
      this.model = model;
      this.input = input;
    }

    @Override
    protected void start() {}

    @Override
    protected void write(int index, boolean last) {
      if (last) {
        end(body());
      }
    }

    @Override
    protected void writeMalformed(int index, boolean last) {
      end(
          "{\"id\":"
              + ChunkFormat.quote(id)
              + ",\""
              + (kind == Kind.EMBEDDINGS ? "data" : "results")
              + "\":[{");
    }

    private String body() {
      StringBuilder out = new StringBuilder(256).append("{\"id\":").append(ChunkFormat.quote(id));
      out.append(",\"model\":").append(ChunkFormat.quote(model));
      if (kind == Kind.EMBEDDINGS) {
        out.append(",\"object\":\"list\",\"data\":[");
        for (int i = 0; i < input.items(); i++) {
          out.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i);
          out.append(",\"embedding\":[");
          for (int d = 0; d < DIMENSIONS; d++) {
            out.append(d == 0 ? "" : ",").append((double) ((i * 31 + d * 7) % 17 - 8) / 8);
          }
          out.append("]}");
        }
        out.append("]");
      } else {
        out.append(",\"results\":[");
        for (int i = 0; i < input.items(); i++) {
          // a fixed order by index: each document's score falls with its place
          out.append(i == 0 ? "" : ",")
              .append("{\"index\":")
              .append(i)
              .append(",\"relevance_score\":")
              .append(1.0 / (i + 1))
              .append('}');
        }
        out.append("]");
      }
      out.append(",\"usage\":{\"prompt_tokens\":")
          .append(input.tokens())
          .append(",\"total_tokens\":")
          .append(input.tokens())
          .append("}}");
      return out.toString();
    }

    private void end(String body) {
      response.putHeader("Content-Type", "application/json");
      // the body is the answer, as a KServe prediction's is (the log counts the engine's step)
      record.tokenChunk(clock.nowMicros(), 1);
      response.end(body);
      finish();
    }
  }
}
