package io.broadside.simulator.log;

import io.vertx.core.Future;

/** Where finished requests go. Called on the simulator's context only; never blocks. */
public interface RequestLog {

  /** A log that keeps nothing. */
  RequestLog NONE =
      new RequestLog() {
        @Override
        public void append(RequestLogEntry entry) {}

        @Override
        public Future<Void> close() {
          return Future.succeededFuture();
        }
      };

  /** Queues one entry for writing; entries are written in the order appended. */
  void append(RequestLogEntry entry);

  /** Writes everything appended so far and closes the file; later appends are dropped. */
  Future<Void> close();
}
