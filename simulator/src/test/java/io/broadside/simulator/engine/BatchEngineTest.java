package io.broadside.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.Stall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchEngineTest {
  private static final long MS = 1_000_000;

  /** 10 ms per step, 1 ms per running sequence, 0.5 ms per prompt token at admission. */
  private static GpuPreset preset(int maxBatch) {
    return new GpuPreset(
        "test", maxBatch, Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofNanos(MS / 2));
  }

  private static void runUntilIdle(BatchEngine engine) {
    for (int i = 0; i < 100_000 && engine.nextEventNanos() != BatchEngine.NO_EVENT; i++) {
      engine.advanceTo(engine.nextEventNanos());
    }
    assertThat(engine.nextEventNanos()).isEqualTo(BatchEngine.NO_EVENT);
  }

  @Test
  void firstTokenEndsThePrefillStepAndTheRestFollowOneStepApart() {
    BatchEngine engine = new BatchEngine(preset(4), List.of());
    RecordingSink sink = new RecordingSink();

    engine.submit(4, 3, sink, 100 * MS);
    runUntilIdle(engine);

    assertThat(sink.times).containsExactly(113 * MS, 124 * MS, 135 * MS);
    assertThat(sink.finished).isTrue();
    assertThat(engine.runningCount()).isZero();
  }

  @Test
  void stepTimeGrowsWithTheBatchAndNewcomersPayPrefillForEveryone() {
    BatchEngine engine = new BatchEngine(preset(4), List.of());
    RecordingSink first = new RecordingSink();
    RecordingSink second = new RecordingSink();

    engine.submit(0, 3, first, 0);
    engine.advanceTo(5 * MS);
    engine.submit(2, 2, second, 5 * MS);
    runUntilIdle(engine);

    // step 1 [0,11) runs one; step 2 [11,24) runs two and admits second (12 + 1 prefill)
    assertThat(first.times).containsExactly(11 * MS, 24 * MS, 36 * MS);
    assertThat(second.times).containsExactly(24 * MS, 36 * MS);
  }

  @Test
  void waitingSequencesTakeSlotsAsTheyFree() {
    BatchEngine engine = new BatchEngine(preset(1), List.of());
    RecordingSink first = new RecordingSink();
    RecordingSink second = new RecordingSink();

    engine.submit(0, 2, first, 0);
    engine.submit(0, 1, second, 0);
    assertThat(engine.waitingCount()).isEqualTo(1);
    runUntilIdle(engine);

    assertThat(first.times).containsExactly(11 * MS, 22 * MS);
    assertThat(second.times).containsExactly(33 * MS);
  }

  @Test
  void idleEngineStartsAtTheNextArrival() {
    BatchEngine engine = new BatchEngine(preset(2), List.of());
    RecordingSink early = new RecordingSink();
    RecordingSink late = new RecordingSink();

    engine.submit(0, 1, early, 0);
    runUntilIdle(engine);
    engine.advanceTo(500 * MS);
    engine.submit(0, 1, late, 500 * MS);
    runUntilIdle(engine);

    assertThat(late.times).containsExactly(511 * MS);
  }

  @Test
  void stallPausesTheStepInFlightAndHoldsArrivalsUntilItEnds() {
    Stall stall = new Stall(Duration.ofMillis(15), Duration.ofMillis(100));
    BatchEngine engine = new BatchEngine(preset(4), List.of(stall));
    RecordingSink running = new RecordingSink();
    RecordingSink arriving = new RecordingSink();

    engine.submit(0, 3, running, 0);
    engine.advanceTo(50 * MS);
    engine.submit(0, 1, arriving, 50 * MS);
    runUntilIdle(engine);

    // step 2 runs [11,15) then the stall [15,115) then its last 7 ms; arriving joins step 3
    assertThat(running.times).containsExactly(11 * MS, 122 * MS, 134 * MS);
    assertThat(arriving.times).containsExactly(134 * MS);
  }

  @Test
  void stallsAreMeasuredFromTheFirstArrival() {
    Stall stall = new Stall(Duration.ZERO, Duration.ofMillis(40));
    BatchEngine engine = new BatchEngine(preset(4), List.of(stall));
    RecordingSink sink = new RecordingSink();

    engine.submit(0, 1, sink, 1_000 * MS);
    runUntilIdle(engine);

    assertThat(sink.times).containsExactly(1_051 * MS);
  }

  @Test
  void cancelledSequenceStopsAndFreesItsSlot() {
    BatchEngine engine = new BatchEngine(preset(1), List.of());
    RecordingSink dropped = new RecordingSink();
    RecordingSink next = new RecordingSink();

    long id = engine.submit(0, 100, dropped, 0);
    engine.submit(0, 1, next, 0);
    engine.advanceTo(11 * MS);
    engine.cancel(id);
    runUntilIdle(engine);

    assertThat(dropped.times).containsExactly(11 * MS);
    assertThat(next.times).containsExactly(33 * MS);
  }

  @Test
  void sinkThatThrowsLosesOnlyItsOwnSequence() {
    BatchEngine engine = new BatchEngine(preset(4), List.of());
    RecordingSink healthy = new RecordingSink();
    engine.submit(
        0,
        5,
        (index, last, at) -> {
          throw new IllegalStateException("boom");
        },
        0);
    engine.submit(0, 2, healthy, 0);

    assertThatThrownBy(() -> engine.advanceTo(engine.nextEventNanos())).hasMessage("boom");
    runUntilIdle(engine);

    assertThat(healthy.times).hasSize(2);
  }
}
