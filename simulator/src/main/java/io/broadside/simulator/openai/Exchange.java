package io.broadside.simulator.openai;

import io.broadside.simulator.engine.SequenceScheduler;
import io.broadside.simulator.engine.TokenSink;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestLog;
import io.broadside.simulator.log.RequestRecord;
import io.vertx.core.http.HttpServerResponse;

/**
 * One generation request between its submission to the engine and its last byte: receives the
 * engine's tokens, writes them, and logs the request exactly once — with status 200 when the answer
 * ended, 499 when it was cut first (the client went away or the simulator closed; the sequence is
 * then dropped from the engine). Owned by the simulator's context; never throws from {@link
 * #onToken}.
 */
abstract class Exchange implements TokenSink {
  /** The status logged for an answer cut before its end (nginx's "client closed request"). */
  static final int CUT = 499;

  final HttpServerResponse response;
  final RequestRecord record;
  final EpochMicroClock clock;
  private final RequestLog log;
  private SequenceScheduler scheduler;
  private long sequenceId;
  private Runnable whenDone = () -> {};
  private boolean finished;

  Exchange(
      HttpServerResponse response, RequestRecord record, EpochMicroClock clock, RequestLog log) {
    this.response = response;
    this.record = record;
    this.clock = clock;
    this.log = log;
  }

  /** Writes what goes out at arrival (headers, an early role chunk). */
  abstract void start();

  /** Writes the part of the answer this token completes; called only while not finished. */
  abstract void write(int index, boolean last);

  /**
   * Remembers the engine sequence to cancel if the answer is cut, and what to run once the request
   * is logged.
   */
  final void bind(SequenceScheduler scheduler, long sequenceId, Runnable whenDone) {
    this.scheduler = scheduler;
    this.sequenceId = sequenceId;
    this.whenDone = whenDone;
  }

  @Override
  public final void onToken(int index, boolean last, long emitNanos) {
    if (finished) {
      return;
    }
    if (response.closed()) {
      abort();
      return;
    }
    try {
      write(index, last);
    } catch (IllegalStateException e) {
      // the connection closed between the check and the write
      abort();
    }
  }

  /**
   * The client went away or the simulator is closing: drop the sequence and log 499, unless the
   * answer already ended. Writes nothing more.
   */
  final void abort() {
    if (!finished) {
      if (scheduler != null) {
        scheduler.cancel(sequenceId);
      }
      done(CUT);
    }
  }

  /** The answer ended: log it with status 200. */
  final void finish() {
    done(200);
  }

  private void done(int status) {
    finished = true;
    log.append(record.toEntry(status));
    whenDone.run();
  }
}
