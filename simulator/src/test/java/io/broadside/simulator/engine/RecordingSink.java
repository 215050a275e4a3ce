package io.broadside.simulator.engine;

import java.util.ArrayList;
import java.util.List;

/** Records the emission times (ns) of one sequence's tokens. */
final class RecordingSink implements TokenSink {
  final List<Long> times = new ArrayList<>();
  boolean finished;

  @Override
  public void onToken(int index, boolean last, long emitNanos) {
    if (index != times.size()) {
      throw new AssertionError("token " + index + " after " + times.size() + " tokens");
    }
    times.add(emitNanos);
    finished = last;
  }
}
