package io.broadside.coordinator.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunStatus;
import io.broadside.coordinator.store.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run history reads back what was written: a run's plan is not validated again, so files it named
 * relative to another working directory, or since removed, do not make it unreadable.
 */
class RunRecoveryTest {
  private static final String PLAN =
      """
      name: kept
      target: {protocol: openai-chat, url: http://127.0.0.1:9}
      models: {prefix: granite-, count: 2}
      dataset: {file: datasets/sharegpt.json}
      load:
        mode: closed
        scale:
          create: {timestamps: created.csv}
          ready: {probe: kserve-v2, interval: 1s, timeout: 1m}
      """;

  @TempDir Path data;

  @Test
  void anEndedRunWhosePlanNamedFilesThatAreGoneIsReadBack() throws Exception {
    Path dir = Files.createDirectories(data.resolve("20261204-010203-abcd"));
    Files.writeString(dir.resolve(RunFiles.PLAN), PLAN);
    Files.writeString(
        dir.resolve(RunFiles.RUN),
        """
        {"id": "20261204-010203-abcd", "status": "completed", "error": null,
         "createdAt": "2026-12-04T01:02:03Z", "startedAt": "2026-12-04T01:02:04Z",
         "endedAt": "2026-12-04T01:03:04Z"}
        """);

    List<Run> runs = RunRecovery.endedRuns(data);

    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(
            ((io.broadside.common.plan.FileDataset) runs.get(0).plan().dataset()).file().toString())
        .endsWith("datasets/sharegpt.json");
  }

  @Test
  void anInterruptedRunWhosePlanNamedFilesThatAreGoneIsReadBack() throws Exception {
    Path dir = Files.createDirectories(data.resolve("20261204-010203-dcba"));
    Files.writeString(dir.resolve(RunFiles.PLAN), PLAN);

    List<Run> runs = RunRecovery.interruptedRuns(data);

    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(runs.get(0).createdUs())
        .isEqualTo(Files.getLastModifiedTime(dir.resolve(RunFiles.PLAN)).toMillis() * 1000);
  }
}
