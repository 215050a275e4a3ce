package io.broadside.agent.client.kit;

import io.broadside.agent.client.ExchangeListener;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event of one exchange, as the client reported it; completes when it ended. */
final class RecordingListener implements ExchangeListener {
  record Chunk(long nanos, int tokens, boolean hasChoices) {}

  final Promise<RecordingListener> ended = Promise.promise();
  long sent = -1;
  long firstByte = -1;
  final List<Chunk> chunks = new ArrayList<>();

  /** The token-bearing chunks told as reasoning, by their index in {@link #chunks}. */
  final List<Integer> reasoning = new ArrayList<>();

  Usage usage;
  boolean streamed;
  long endNanos;
  String errorClass;
  String detail;
  int ends;

  @Override
  public void sent(long nanos) {
    sent = nanos;
  }

  @Override
  public void firstByte(long nanos) {
    firstByte = nanos;
  }

  @Override
  public void chunk(long nanos, int tokens, boolean hasChoices) {
    chunks.add(new Chunk(nanos, tokens, hasChoices));
  }

  @Override
  public void reasoningChunk(long nanos, int tokens, boolean earlierToo) {
    if (earlierToo) {
      reasoning.clear();
      for (int i = 0; i < chunks.size(); i++) {
        if (chunks.get(i).tokens() > 0) {
          reasoning.add(i);
        }
      }
    }
    reasoning.add(chunks.size());
    chunks.add(new Chunk(nanos, tokens, true));
  }

  @Override
  public void done(long nanos, Usage usage, boolean streamed) {
    this.usage = usage;
    this.streamed = streamed;
    end(nanos);
  }

  @Override
  public void failed(long nanos, String errorClass, String detail) {
    this.errorClass = errorClass;
    this.detail = detail;
    end(nanos);
  }

  private void end(long nanos) {
    ends++;
    endNanos = nanos;
    ended.tryComplete(this);
  }

  Future<RecordingListener> future() {
    return ended.future();
  }

  boolean ok() {
    return errorClass == null;
  }

  /** Output tokens: the server's count when it sent one, else the tokens of the chunks. */
  int outputTokens() {
    return usage != null ? usage.completionTokens() : chunkTokens();
  }

  int chunkTokens() {
    return chunks.stream().mapToInt(Chunk::tokens).sum();
  }

  List<Chunk> tokenChunks() {
    return chunks.stream().filter(c -> c.tokens() > 0).toList();
  }

  /** First token-bearing chunk minus the send, in ms. */
  double ttftMs() {
    return (tokenChunks().get(0).nanos() - sent) / 1e6;
  }

  /** Gaps between token-bearing chunks, in ms. */
  List<Double> itlMs() {
    List<Chunk> t = tokenChunks();
    List<Double> gaps = new ArrayList<>();
    for (int i = 1; i < t.size(); i++) {
      gaps.add((t.get(i).nanos() - t.get(i - 1).nanos()) / 1e6);
    }
    return gaps;
  }

  @Override
  public String toString() {
    return ok()
        ? "ok " + outputTokens() + " tokens in " + chunks.size() + " chunks"
        : errorClass + ": " + detail;
  }
}
