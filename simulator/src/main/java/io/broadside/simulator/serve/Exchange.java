package io.broadside.simulator.serve;

import io.broadside.simulator.engine.SequenceScheduler;
import io.broadside.simulator.engine.TokenSink;
import io.broadside.simulator.fault.Fault;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestRecord;

/**
 * One generation request of any family between its submission to the engine and its last byte:
 * receives the engine's tokens, lets the family's framing write them, applies the request's stream
 * fault, and logs the request exactly once — with {@link #okStatus()} (200; gRPC 0) when the answer
 * ended, {@link #cutStatus()} (499; gRPC 1) when it was cut first (the client went away, the
 * simulator closed, or a {@link Fault#DROP} fault closed the connection; the sequence is then
 * dropped from the engine).
 *
 * <p>Order of events: {@link #start} at submission; {@link #write} (or once {@link
 * #writeMalformed}) per token, the last one ending the answer and calling {@link #finish}; {@link
 * #keepAlive} after every k-th streamed token. A {@link Fault#MALFORMED} or {@link Fault#DROP}
 * fault strikes at a stream's second token (its only one if it has one), or at a unary answer's
 * body. Owned by the simulator's context; never throws from {@link #onToken}.
 */
public abstract class Exchange implements TokenSink {
  /** The status logged for an answer cut before its end (nginx's "client closed request"). */
  public static final int CUT = 499;

  protected final RequestRecord record;
  protected final EpochMicroClock clock;
  private final Fault fault;
  private final boolean streaming;
  private final int keepAliveEvery;
  private Backend backend;
  private SequenceScheduler scheduler;
  private long sequenceId;
  private Runnable whenDone = () -> {};
  private boolean finished;

  protected Exchange(
      RequestRecord record,
      EpochMicroClock clock,
      Fault fault,
      boolean streaming,
      int keepAliveEvery) {
    this.record = record;
    this.clock = clock;
    this.fault = fault;
    this.streaming = streaming;
    this.keepAliveEvery = keepAliveEvery;
  }

  /** Writes what goes out at submission (headers, an ack message, an early role chunk). */
  protected abstract void start();

  /**
   * Writes the part of the answer this token completes (calling {@code record.tokenChunk} right
   * before a token-bearing write); the last token ends the answer and must call {@link #finish}.
   */
  protected abstract void write(int index, boolean last);

  /** Writes this token's part so that it does not parse; by default as {@link #write}. */
  protected void writeMalformed(int index, boolean last) {
    write(index, last);
  }

  /** Closes the connection, or resets the HTTP/2 stream, without ending the answer. */
  protected abstract void drop();

  /** Whether the client is gone (its connection or stream closed). */
  protected abstract boolean gone();

  /** Writes a keep-alive (an SSE comment, an HTTP/2 PING); by default nothing. */
  protected void keepAlive() {}

  /** Whether the answer is logged already. */
  protected final boolean finished() {
    return finished;
  }

  /** Remembers where to log and what to run once logged. */
  final void bind(Backend backend, Runnable whenDone) {
    this.backend = backend;
    this.whenDone = whenDone;
  }

  /** Remembers the engine sequence to cancel if the answer is cut. */
  final void submitted(SequenceScheduler scheduler, long sequenceId) {
    this.scheduler = scheduler;
    this.sequenceId = sequenceId;
  }

  @Override
  public final void onAdmitted(long queuedNanos) {
    record.queued(queuedNanos / 1000);
  }

  @Override
  public final void onToken(int index, boolean last, long emitNanos) {
    if (finished) {
      return;
    }
    if (gone()) {
      abort();
      return;
    }
    try {
      boolean strikes = streaming ? index == 1 || (last && index == 0) : last;
      if (strikes && fault == Fault.DROP) {
        drop();
        abort();
        return;
      }
      if (strikes && fault == Fault.MALFORMED) {
        writeMalformed(index, last);
      } else {
        write(index, last);
      }
      if (!finished && streaming && keepAliveEvery > 0 && (index + 1) % keepAliveEvery == 0) {
        keepAlive();
      }
    } catch (IllegalStateException e) {
      // the connection closed between the check and the write
      abort();
    }
  }

  /**
   * The client went away, the simulator is closing or a fault dropped the answer: drop the sequence
   * and log {@link #cutStatus()}, unless the answer already ended. Writes nothing more.
   */
  public final void abort() {
    if (!finished) {
      if (scheduler != null) {
        scheduler.cancel(sequenceId);
      }
      done(cutStatus());
    }
  }

  /** The status logged for a cut answer: {@link #CUT} by default. */
  protected int cutStatus() {
    return CUT;
  }

  /** The status logged for a complete answer: 200 by default. */
  protected int okStatus() {
    return 200;
  }

  /** The answer ended: log it with {@link #okStatus()}. */
  protected final void finish() {
    done(okStatus());
  }

  /** The answer ended with {@code status} (e.g. an error reported in the stream). */
  protected final void finish(int status) {
    done(status);
  }

  private void done(int status) {
    finished = true;
    if (backend != null) {
      backend.log(record, status);
    }
    whenDone.run();
  }
}
