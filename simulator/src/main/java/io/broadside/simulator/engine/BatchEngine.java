package io.broadside.simulator.engine;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.Stall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Continuous batching on one simulated GPU, driven in caller-supplied time (nanoseconds).
 *
 * <p>Sequences wait in arrival order; at most {@link GpuPreset#maxBatch()} run. When a step starts,
 * waiting sequences fill the free slots, and the step lasts {@code stepBase + stepPerSequence ×
 * running + prefillPerToken × (prompt tokens of the sequences admitted now)}. When it ends every
 * running sequence emits one token (so a new sequence's first token ends its prefill step), the
 * ones that reached their {@code maxTokens} leave, and the next step starts at once if any sequence
 * runs or waits: steps follow an ideal timeline (each starts at the previous one's end, however
 * late the caller is). An idle engine starts a step at the next arrival. Stalls pause the timeline
 * (see {@link Stall}).
 *
 * <p>Usage loop of a driver: {@code advanceTo(now)} before each {@link #submit} or {@link #cancel},
 * and wake up at {@link #nextEventNanos()} to call {@code advanceTo} again.
 *
 * <p>Not thread-safe; deterministic: the same calls at the same times give the same tokens.
 */
public final class BatchEngine {
  /** {@link #nextEventNanos()} when nothing runs or waits. */
  public static final long NO_EVENT = Long.MAX_VALUE;

  private final int maxBatch;
  private final long stepBase;
  private final long stepPerSequence;
  private final long prefillPerToken;
  private final StallSchedule stalls;
  private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
  private final List<Sequence> running = new ArrayList<>();
  private final Map<Long, Sequence> live = new HashMap<>();
  private long nextId;
  private boolean stepping;
  private boolean emitting;
  private long nextEvent = NO_EVENT;
  private long stepsRun;
  private long busyNanos;
  private long stepWork;

  public BatchEngine(GpuPreset preset, List<Stall> stalls) {
    this.maxBatch = preset.maxBatch();
    this.stepBase = preset.stepBase().toNanos();
    this.stepPerSequence = preset.stepPerSequence().toNanos();
    this.prefillPerToken = preset.prefillPerToken().toNanos();
    this.stalls = new StallSchedule(stalls);
  }

  /**
   * Queues a sequence that arrived at {@code nowNanos} and returns its id. The first submission
   * anchors the stalls. An idle engine starts a step now (or when a stall ends).
   *
   * @param promptTokens prompt length in tokens (prefill cost), zero or more
   * @param maxTokens tokens to emit, positive
   */
  public long submit(int promptTokens, int maxTokens, TokenSink sink, long nowNanos) {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
    stalls.anchor(nowNanos);
    Sequence sequence =
        new Sequence(nextId++, Math.max(0, promptTokens), maxTokens, sink, nowNanos);
    live.put(sequence.id, sequence);
    waiting.add(sequence);
    if (!emitting && nextEvent == NO_EVENT) {
      startStepAt(nowNanos);
    }
    return sequence.id;
  }

  /** Drops a waiting or running sequence; its sink hears nothing more. Unknown ids are ignored. */
  public void cancel(long id) {
    Sequence sequence = live.remove(id);
    if (sequence != null) {
      sequence.cancelled = true;
    }
  }

  /** Processes every step start and end due at or before {@code nowNanos}, emitting tokens. */
  public void advanceTo(long nowNanos) {
    while (nextEvent <= nowNanos) {
      long at = nextEvent;
      if (stepping) {
        endStep(at);
      } else {
        startStepAt(at);
      }
    }
  }

  /** When the next step starts or ends, or {@link #NO_EVENT} when the engine is idle. */
  public long nextEventNanos() {
    return nextEvent;
  }

  /** Sequences in the batch, including those whose step is in flight. */
  public int runningCount() {
    int n = 0;
    for (Sequence s : running) {
      n += s.gone() ? 0 : 1;
    }
    return n;
  }

  /** Sequences queued for a slot. */
  public int waitingCount() {
    return live.size() - runningCount();
  }

  /** The most sequences a batch holds. */
  public int maxBatch() {
    return maxBatch;
  }

  /** Time spent computing completed steps (not stalled, not idle) since creation. */
  public long busyNanos() {
    return busyNanos;
  }

  /** Steps completed since creation. */
  public long stepsRun() {
    return stepsRun;
  }

  private void startStepAt(long at) {
    running.removeIf(Sequence::gone);
    if (live.isEmpty()) {
      waiting.clear();
      stepping = false;
      nextEvent = NO_EVENT;
      return;
    }
    long start = stalls.finish(at, 0);
    if (start > at) {
      stepping = false;
      nextEvent = start;
      return;
    }
    long prefillTokens = 0;
    while (running.size() < maxBatch && !waiting.isEmpty()) {
      Sequence next = waiting.poll();
      if (!next.cancelled) {
        running.add(next);
        prefillTokens += next.promptTokens;
        next.sink.onAdmitted(start - next.submittedNanos);
      }
    }
    long work = stepBase + stepPerSequence * running.size() + prefillPerToken * prefillTokens;
    stepping = true;
    stepWork = work;
    nextEvent = stalls.finish(start, work);
  }

  /**
   * Emits one token per running sequence. A sink that throws loses its sequence; the step still
   * completes for the others and the first failure is rethrown once the timeline is consistent.
   */
  private void endStep(long at) {
    stepsRun++;
    busyNanos += stepWork;
    RuntimeException failure = null;
    emitting = true;
    for (int i = 0; i < running.size(); i++) {
      Sequence s = running.get(i);
      if (s.gone()) {
        continue;
      }
      int index = s.emitted++;
      boolean last = s.emitted == s.maxTokens;
      if (last) {
        live.remove(s.id);
      }
      try {
        s.sink.onToken(index, last, at);
      } catch (RuntimeException e) {
        cancel(s.id);
        failure = failure == null ? e : failure;
      }
    }
    emitting = false;
    startStepAt(at);
    if (failure != null) {
      throw failure;
    }
  }
}
