package io.broadside.agent.client;

import io.broadside.agent.client.ExchangeListener.Usage;
import java.util.ArrayList;
import java.util.List;

/** An {@link ExchangeSink} that keeps what a decoder reported, for decoder tests. */
public final class RecordingSink implements ExchangeSink {
  public final List<Integer> chunkTokens = new ArrayList<>();

  /**
   * Per token-bearing or other chunk, in order: {@code a} answer, {@code r} reasoning, {@code R}
   * reasoning with every earlier chunk, {@code -} no tokens.
   */
  public final StringBuilder kinds = new StringBuilder();

  public Usage usage;
  public Boolean completedStreamed;
  public String errorClass;
  public String detail;

  @Override
  public void chunk(int tokens, boolean hasChoices) {
    if (!finished()) {
      chunkTokens.add(tokens);
      kinds.append(tokens > 0 ? 'a' : '-');
    }
  }

  @Override
  public void reasoningChunk(int tokens, boolean earlierToo) {
    if (!finished()) {
      chunkTokens.add(tokens);
      kinds.append(earlierToo ? 'R' : 'r');
    }
  }

  @Override
  public void usage(Usage usage) {
    this.usage = usage;
  }

  @Override
  public void complete(boolean streamed) {
    if (!finished()) {
      completedStreamed = streamed;
    }
  }

  @Override
  public void fail(String errorClass, String detail) {
    if (!finished()) {
      this.errorClass = errorClass;
      this.detail = detail;
    }
  }

  @Override
  public boolean finished() {
    return completedStreamed != null || errorClass != null;
  }
}
