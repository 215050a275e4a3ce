package io.broadside.agent.client;

import io.broadside.agent.client.ExchangeListener.Usage;

/**
 * What a response decoder reports while it reads one answer; the sink stamps each event with {@link
 * System#nanoTime()} as it arrives and passes it to the exchange's {@link ExchangeListener}. After
 * {@link #complete} or {@link #fail} (or the exchange's timeout) every call is ignored. Used on the
 * lane's event loop only.
 */
public interface ExchangeSink {
  /**
   * A chunk arrived.
   *
   * @param tokens output tokens it carries (0 for acks, role-only and usage-only chunks)
   * @param hasChoices it is a generation message (OpenAI: non-empty {@code choices}; TGIS and
   *     Caikit: any message, the input-count ack included)
   */
  void chunk(int tokens, boolean hasChoices);

  /**
   * A token-bearing chunk of reasoning arrived (see {@link ExchangeListener#reasoningChunk}).
   *
   * @param earlierToo every token-bearing chunk before it was reasoning too
   */
  void reasoningChunk(int tokens, boolean earlierToo);

  /** The server's token counts; the latest report wins. */
  void usage(Usage usage);

  /** The answer ended well. */
  void complete(boolean streamed);

  /** The answer failed with one of the error classes of DESIGN.md §5. */
  void fail(String errorClass, String detail);

  /** Whether the exchange has ended (completed, failed or timed out). */
  boolean finished();
}
