package io.broadside.agent.record;

import io.broadside.agent.client.ExchangeListener;
import io.broadside.agent.client.ExchangeState;
import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.plan.Slo;
import io.broadside.common.time.MonoClock;

/**
 * Turns one exchange's events into the numbers of DESIGN.md §5, measured from the intended send
 * time {@code t0}. Lives on the lane's event loop; records only when the exchange ends, so a failed
 * request adds no latency, only its error class. A cold start (see {@link ColdStarts}) is counted
 * and its e2e recorded as {@code cold}, apart from the warm latencies.
 */
public final class RequestRecording implements ExchangeListener {
  /**
   * What holds for every request of a lane.
   *
   * @param generative whether an answer must carry output tokens (KServe predictions carry none)
   */
  public record Rules(Slo slo, boolean generative, ColdStarts coldStarts) {}

  private final LaneRecorder recorder;
  private final int cell;
  private final int model;
  private final long t0;
  private final Slo slo;
  private final Rules rules;
  private final int promptTokensEstimate;
  private final java.util.function.Consumer<RequestRecording> onEnd;

  /** A request that failed this soon after its send (or its intended send) failed at once. */
  public static final long AT_ONCE_NANOS = 10_000_000;

  private long sent = -1;
  private boolean failedAtOnce;
  private int answeredTokens = -1;
  private ExchangeState exchange;
  private long firstChunkWithChoices = -1;
  private long firstToken = -1;
  private long lastToken = -1;
  private int tokenChunks;
  private long[] gaps = new long[16];
  private int gapCount;
  private long maxGap;
  private long firstReasoning = -1;
  private int reasoningChunks;
  private long firstAnswer = -1;

  /**
   * @param t0 intended send time, {@link System#nanoTime()}
   * @param onEnd runs after the exchange is recorded (the user or the concurrency slot moves on)
   */
  public RequestRecording(
      LaneRecorder recorder,
      int cell,
      int model,
      long t0,
      Rules rules,
      int promptTokensEstimate,
      Runnable onEnd) {
    this(recorder, cell, model, t0, rules, promptTokensEstimate, r -> onEnd.run());
  }

  /**
   * @param onEnd told this recording once the exchange is recorded (the user or the concurrency
   *     slot moves on; a closed-loop user asks {@link #failedAtOnce()})
   */
  public RequestRecording(
      LaneRecorder recorder,
      int cell,
      int model,
      long t0,
      Rules rules,
      int promptTokensEstimate,
      java.util.function.Consumer<RequestRecording> onEnd) {
    this.recorder = recorder;
    this.cell = cell;
    this.model = model;
    this.t0 = t0;
    this.rules = rules;
    this.slo = rules.slo();
    this.promptTokensEstimate = promptTokensEstimate;
    this.onEnd = onEnd;
  }

  /** The parts this request also counts in ({@link LaneRecorder#partCell}); none by default. */
  private int[] partCells = NO_PARTS;

  private static final int[] NO_PARTS = {};

  /** Also records this request in these cells of its recorder: its slice, its turn. */
  public RequestRecording inParts(int... cells) {
    this.partCells = cells;
    return this;
  }

  private void record(LatencyMetric metric, long micros, long intendedNanos) {
    recorder.record(cell, metric, micros, intendedNanos);
    for (int c : partCells) {
      recorder.record(c, metric, micros, intendedNanos);
    }
  }

  private void count(String counter, long delta) {
    recorder.count(cell, counter, delta);
    for (int c : partCells) {
      recorder.count(c, counter, delta);
    }
  }

  private void completed(long nanos) {
    recorder.completed(cell, nanos);
    for (int c : partCells) {
      recorder.completed(c, nanos);
    }
  }

  private void dispatched(long nanos) {
    recorder.dispatched(cell, nanos);
    for (int c : partCells) {
      recorder.dispatched(c, nanos);
    }
  }

  @Override
  public void began(ExchangeState exchange) {
    this.exchange = exchange;
  }

  /** Cuts the exchange now (the run's graceful stop is over): counted as interrupted. */
  public void interrupt() {
    if (exchange != null) {
      exchange.interrupt();
    }
  }

  @Override
  public void interrupted(long nanos) {
    count(Counter.INTERRUPTED, 1);
    log(-1, tokenChunks, null, "interrupted");
    onEnd.accept(this);
  }

  @Override
  public void sent(long nanos) {
    sent = nanos;
    dispatched(nanos);
  }

  @Override
  public void chunk(long nanos, int tokens, boolean hasChoices) {
    if (tokens > 0 && firstAnswer < 0) {
      firstAnswer = nanos;
    }
    tokenChunk(nanos, tokens, hasChoices);
  }

  @Override
  public void reasoningChunk(long nanos, int tokens, boolean earlierToo) {
    tokenChunk(nanos, tokens, true);
    if (earlierToo) {
      // what looked like answer was reasoning: the span's opening tag was in the prompt
      firstReasoning = firstToken;
      reasoningChunks = tokenChunks;
      firstAnswer = -1;
    } else if (tokens > 0) {
      if (firstReasoning < 0) {
        firstReasoning = nanos;
      }
      reasoningChunks += tokens;
    }
  }

  private void tokenChunk(long nanos, int tokens, boolean hasChoices) {
    if (hasChoices && firstChunkWithChoices < 0) {
      firstChunkWithChoices = nanos;
    }
    if (tokens <= 0) {
      return;
    }
    if (firstToken < 0) {
      firstToken = nanos;
    } else {
      long gap = nanos - lastToken;
      if (gapCount == gaps.length) {
        gaps = java.util.Arrays.copyOf(gaps, gapCount * 2);
      }
      gaps[gapCount++] = gap;
      maxGap = Math.max(maxGap, gap);
    }
    lastToken = nanos;
    tokenChunks += tokens;
  }

  @Override
  public void done(long nanos, Usage usage, boolean streamed) {
    if (sent < 0) {
      sent = nanos;
    }
    long end = streamed && lastToken >= 0 ? lastToken : nanos;
    long e2e = end - t0;
    int outputTokens = usage != null ? usage.completionTokens() : tokenChunks;
    if (outputTokens <= 0 && rules.generative()) {
      failed(nanos, "validation", "response carried no output tokens");
      return;
    }
    completed(end);
    count(Counter.OK, 1);
    answeredTokens = outputTokens;
    if (rules.coldStarts().cold(model, e2e)) {
      count(Counter.COLD_STARTS, 1);
      record(LatencyMetric.COLD, micros(e2e), t0);
      recordTokens(usage, outputTokens);
      log(e2e, outputTokens, usage, "cold");
      onEnd.accept(this);
      return;
    }
    recordTokens(usage, outputTokens);
    record(LatencyMetric.E2E, micros(e2e), t0);
    record(LatencyMetric.SERVICE, micros(end - sent), t0);
    record(LatencyMetric.QUEUE, micros(sent - t0), t0);
    Long ttft = null;
    Long tpot = null;
    if (streamed && firstToken >= 0) {
      ttft = firstToken - t0;
      record(LatencyMetric.TTFT, micros(ttft), t0);
      if (firstChunkWithChoices >= 0) {
        record(LatencyMetric.TTFC, micros(firstChunkWithChoices - t0), t0);
      }
      for (int i = 0; i < gapCount; i++) {
        record(LatencyMetric.ITL, micros(gaps[i]), t0);
      }
      if (outputTokens > 1) {
        tpot = (e2e - ttft) / (outputTokens - 1);
        record(LatencyMetric.TPOT, micros(tpot), t0);
      }
      if (firstReasoning >= 0) {
        recordReasoning(e2e, outputTokens - reasoningTokens(usage));
      }
    }
    if (meetsSlo(e2e, ttft, tpot)) {
      count(Counter.GOODPUT, 1);
    }
    log(e2e, outputTokens, usage, "ok");
    onEnd.accept(this);
  }

  /**
   * A streamed answer that reasoned: its time to the first reasoning and to the first answer token,
   * and its time per answer token over {@code answerTokens}.
   */
  private void recordReasoning(long e2e, int answerTokens) {
    record(LatencyMetric.TTFR, micros(firstReasoning - t0), t0);
    if (firstAnswer < 0) {
      return; // the budget ran out while it reasoned
    }
    long ttfa = firstAnswer - t0;
    record(LatencyMetric.TTFA, micros(ttfa), t0);
    if (answerTokens > 1) {
      record(LatencyMetric.ANSWER_TPOT, micros((e2e - ttfa) / (answerTokens - 1)), t0);
    }
  }

  /** The server's count of reasoning tokens when it gives one, else the reasoning chunks. */
  private int reasoningTokens(Usage usage) {
    return usage != null && usage.reasoningTokens() >= 0
        ? usage.reasoningTokens()
        : reasoningChunks;
  }

  /** A line of the per-request log, when the plan asks for one. */
  private void log(long e2e, int outputTokens, Usage usage, String outcome) {
    if (!recorder.logsRequests()) {
      return;
    }
    int promptTokens =
        usage != null && usage.promptTokens() >= 0 ? usage.promptTokens() : promptTokensEstimate;
    recorder.request(
        cell,
        MonoClock.toEpochUs(t0),
        sent < 0 ? -1 : MonoClock.toEpochUs(sent),
        firstToken < 0 ? -1 : micros(firstToken - t0),
        e2e < 0 ? -1 : micros(e2e),
        Math.max(0, outputTokens),
        promptTokens,
        outcome);
  }

  private void recordTokens(Usage usage, int outputTokens) {
    if (!rules.generative()) {
      // an embedding or a rerank: the input the server counted, when it says
      if (usage != null && usage.promptTokens() >= 0) {
        count(Counter.PROMPT_TOKENS, usage.promptTokens());
      }
      return;
    }
    count(usage != null ? Counter.TOKENS_FROM_SERVER : Counter.TOKENS_FROM_CHUNKS, 1);
    count(Counter.OUTPUT_TOKENS, outputTokens);
    int promptTokens =
        usage != null && usage.promptTokens() >= 0 ? usage.promptTokens() : promptTokensEstimate;
    count(Counter.PROMPT_TOKENS, promptTokens);
    int reasoning = reasoningTokens(usage);
    if (reasoning > 0) {
      count(Counter.REASONING_TOKENS, reasoning);
    }
    if (usage != null && usage.cachedTokens() >= 0) {
      count(Counter.CACHED_TOKENS, usage.cachedTokens());
      count(Counter.CACHE_REPORTED_PROMPT_TOKENS, promptTokens);
    }
  }

  private boolean meetsSlo(long e2e, Long ttft, Long tpot) {
    return within(e2e, slo.e2e())
        && (slo.ttft() == null || (ttft != null && within(ttft, slo.ttft())))
        && (slo.tpot() == null || tpot == null || within(tpot, slo.tpot()))
        && (slo.itl() == null || gapCount == 0 || within(maxGap, slo.itl()));
  }

  private static boolean within(long nanos, java.time.Duration bound) {
    return bound == null || nanos <= bound.toNanos();
  }

  @Override
  public void failed(long nanos, String errorClass, String detail) {
    if ("model_not_ready".equals(errorClass)) {
      rules.coldStarts().notReady(model);
    }
    count(Counter.FAILED, 1);
    count(Counter.error(errorClass), 1);
    recorder.firstError(cell, errorClass, detail, MonoClock.toEpochUs(nanos));
    failedAtOnce = nanos - (sent < 0 ? t0 : Math.max(sent, t0)) < AT_ONCE_NANOS;
    log(-1, tokenChunks, null, errorClass);
    onEnd.accept(this);
  }

  /**
   * Whether the request failed within {@link #AT_ONCE_NANOS} of its send (a refused connection, an
   * instant 404): a closed-loop user then backs off.
   */
  public boolean failedAtOnce() {
    return failedAtOnce;
  }

  /** Whether the request was answered (ok or cold), not failed or cut. */
  public boolean answered() {
    return answeredTokens >= 0;
  }

  /** The answer's output tokens, as counted; -1 when it was not answered. */
  public int outputTokens() {
    return answeredTokens;
  }

  /** The user that sent this request waits before its next: counted as {@code backoff}. */
  public void countBackoff() {
    count(Counter.BACKOFF, 1);
  }

  private static long micros(long nanos) {
    return Math.round(nanos / 1000.0);
  }
}
