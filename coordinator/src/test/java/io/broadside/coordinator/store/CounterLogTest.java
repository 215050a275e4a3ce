package io.broadside.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.summary.RunAggregate;
import io.broadside.common.time.ClockOffset;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** counters.tsv: a name with a tab or a line break stays one field of one line, and reads back. */
class CounterLogTest {
  @TempDir Path dir;

  @Test
  void namesCannotInjectLines() throws Exception {
    String stage = "warm\tup\nc\tinjected\tmodel\tok\t999999";
    String model = "m\\odel\r";
    Snapshot s =
        Snapshot.newBuilder()
            .setIntervalStartUs(1)
            .setIntervalEndUs(2)
            .addCounters(
                CounterDelta.newBuilder().setStage(stage).setModel(model).setName("ok").setDelta(3))
            .build();
    StringBuilder out = new StringBuilder();
    CounterLog.append(out, "agent\n1", new ClockOffset(0), s);
    assertThat(out.toString().lines()).hasSize(2);
    assertThat(out.toString().lines()).allSatisfy(l -> assertThat(l.split("\t")).hasSize(5));

    Path file = Files.writeString(dir.resolve("counters.tsv"), out);
    RunAggregate read = new RunAggregate();
    CounterLog.readInto(file, read);
    assertThat(read.cells()).hasSize(1);
    assertThat(read.cell(stage, model).counter("ok")).isEqualTo(3);
    assertThat(CounterLog.unescape(CounterLog.escape(stage))).isEqualTo(stage);
  }

  @Test
  void aPartsCountersAndWindowsReadBackIntoItsPartNotItsCell() throws Exception {
    Snapshot s =
        Snapshot.newBuilder()
            .setIntervalStartUs(1)
            .setIntervalEndUs(2)
            .addCounters(
                CounterDelta.newBuilder().setStage("s").setModel("m").setName("ok").setDelta(5))
            .addPartCounters(
                CounterDelta.newBuilder()
                    .setStage("s")
                    .setModel("m")
                    .setPart("slice=gold")
                    .setName("ok")
                    .setDelta(2))
            .addPartWindows(
                io.broadside.protocol.v1.StageWindow.newBuilder()
                    .setStage("s")
                    .setModel("m")
                    .setPart("turn=2")
                    .setFirstDispatchUs(10)
                    .setLastCompletionUs(2_000_010))
            .build();
    StringBuilder out = new StringBuilder();
    CounterLog.append(out, "a", new ClockOffset(0), s);

    RunAggregate read = new RunAggregate();
    CounterLog.readInto(Files.writeString(dir.resolve("parts.tsv"), out), read);
    assertThat(read.cell("s", "m").counter("ok")).isEqualTo(5);
    assertThat(read.part("s", "m", "slice=gold").counter("ok")).isEqualTo(2);
    assertThat(read.part("s", "m", "turn=2").windowSeconds()).isEqualTo(2.0);
  }
}
