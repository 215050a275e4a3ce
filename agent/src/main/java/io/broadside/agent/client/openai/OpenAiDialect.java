package io.broadside.agent.client.openai;

import io.broadside.agent.client.ExchangeSink;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.http.HttpCall;
import io.broadside.agent.client.http.HttpDialect;
import io.broadside.agent.client.http.JsonBodyDecoder;
import io.broadside.agent.client.http.ResponseDecoder;
import io.broadside.agent.client.sse.SseDecoder;
import io.broadside.common.plan.TargetProtocol;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;

/**
 * OpenAI chat or completions (vLLM, TGI, KServe's {@code /openai/v1}): streamed answers are SSE
 * chunks ending in {@code [DONE]}, with usage asked for; a server that answers a streamed request
 * with one JSON body is read as unary.
 */
public final class OpenAiDialect implements HttpDialect {
  private final TargetProtocol protocol;
  private final String path;
  private final boolean stream;
  private final MultiMap headers;
  private final String tools;
  private final String toolChoice;

  public OpenAiDialect(TargetProtocol protocol, String basePath, boolean stream) {
    this(protocol, basePath, stream, null, null);
  }

  /** A chat dialect whose requests offer {@code tools} (JSON) with {@code toolChoice}. */
  public OpenAiDialect(
      TargetProtocol protocol, String basePath, boolean stream, String tools, String toolChoice) {
    this.tools = tools;
    this.toolChoice = toolChoice;
    this.protocol = protocol;
    this.path = OpenAiRequests.path(basePath, protocol);
    this.stream = stream;
    this.headers = OpenAiRequests.headers(stream);
  }

  @Override
  public HttpCall call(TargetRequest request) {
    return new HttpCall(
        HttpMethod.POST,
        path,
        OpenAiRequests.body(protocol, request, stream, tools, toolChoice),
        headers,
        stream);
  }

  @Override
  public ResponseDecoder decoder(HttpClientResponse response, ExchangeSink sink) {
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.startsWith("text/event-stream")) {
      return new JsonBodyDecoder(
          sink,
          (body, s) -> {
            OpenAiChunks.Chunk chunk = OpenAiChunks.scan(body.getBytes());
            if (chunk.error()) {
              throw new IOException("an error object under status " + response.statusCode());
            }
            s.usage(chunk.usage());
            s.chunk(chunk.tokens(), chunk.hasChoices());
          });
    }
    boolean[] sawDone = new boolean[1];
    ReasoningSplit split = new ReasoningSplit();
    return new SseDecoder(
        event -> {
          if (sink.finished()) {
            return;
          }
          String data = event.data();
          if ("[DONE]".equals(data)) {
            sawDone[0] = true;
            return;
          }
          try {
            OpenAiChunks.Chunk chunk = OpenAiChunks.scan(data);
            if (chunk.error()) {
              sink.fail("stream_error", "error event: " + data);
              return;
            }
            if (chunk.usage() != null) {
              sink.usage(chunk.usage());
            }
            split.tell(chunk, sink);
          } catch (IOException e) {
            sink.fail("protocol", "malformed chunk: " + e.getMessage());
          }
        },
        () -> {
          if (sawDone[0]) {
            sink.complete(true);
          } else {
            sink.fail("protocol", "stream ended without [DONE]");
          }
        });
  }

  /**
   * Tells each chunk of a stream to the sink as reasoning or answer. A chunk whose output is a
   * reasoning field is reasoning. So is a {@code <think>} span in the content: the chunks from the
   * one with {@code <think>} to the one with {@code </think>} (the closing one too, unless text
   * follows its tag); a {@code </think>} without an opening tag (the chat template put it in the
   * prompt) makes every chunk before it reasoning. After the span, content is answer whatever it
   * holds.
   */
  static final class ReasoningSplit {
    private boolean open;
    private boolean closed;

    void tell(OpenAiChunks.Chunk chunk, ExchangeSink sink) {
      if (chunk.tokens() > 0 && chunk.reasoning()) {
        sink.reasoningChunk(chunk.tokens(), false);
        return;
      }
      int think = chunk.think();
      if (closed || chunk.tokens() == 0) {
        sink.chunk(chunk.tokens(), chunk.hasChoices());
        return;
      }
      boolean opens = (think & OpenAiChunks.THINK_OPENS) != 0;
      boolean closes = (think & OpenAiChunks.THINK_CLOSES) != 0;
      boolean textAfter = (think & OpenAiChunks.TEXT_AFTER_THINK) != 0;
      if (closes) {
        boolean withoutOpening = !open && !opens;
        open = false;
        closed = true;
        if (textAfter) {
          sink.chunk(chunk.tokens(), chunk.hasChoices());
        } else {
          sink.reasoningChunk(chunk.tokens(), withoutOpening);
        }
      } else if (opens || open) {
        open = true;
        sink.reasoningChunk(chunk.tokens(), false);
      } else {
        sink.chunk(chunk.tokens(), chunk.hasChoices());
      }
    }
  }
}
