package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.summary.LatencyStats;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.runs.RunManager;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.config.Stall;
import io.broadside.testing.NoBlockedEventLoops;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open loop at a constant rate with a concurrency cap of 2 (overflow: queue) against a server that
 * stalls for 2 s: arrivals queued behind the stall keep their intended send time, so queue time and
 * e2e show the stall while service time does not. A tool timing from the actual send would report
 * an e2e p99 of a few milliseconds here.
 */
@ExtendWith(NoBlockedEventLoops.class)
class CoordinatedOmissionIT {
  @TempDir Path dir;

  @Test
  void queuedArrivalsKeepTheirIntendedSendTimeThroughAServerStall() throws Exception {
    var vertx = Vertxes.create();
    try (EmbeddedCluster cluster = EmbeddedCluster.start(vertx, dir, 0)) {
      Simulator sim =
          Simulator.start(
                  vertx,
                  SimulatorConfig.defaults()
                      .withPort(0)
                      .withPreset(GpuPreset.byName("fast"))
                      .withStalls(List.of(new Stall(Duration.ofSeconds(2), Duration.ofSeconds(2)))))
              .await();
      String plan =
          """
          name: stall
          target: {protocol: openai-completions, url: http://127.0.0.1:%d, stream: true, timeout: 10s}
          models: [llama-2-7b]
          maxTokens: 4
          load:
            mode: open
            arrival: constant
            maxConcurrency: 2
            overflow: queue
            stages: [{duration: 6s, rate: 50/s}]
          """
              .formatted(sim.port());
      RunManager.Submission submission = cluster.submit(plan, null);
      assertThat(submission.problems()).isEmpty();
      Run run = cluster.ended(submission.run()).await(30, TimeUnit.SECONDS);
      Summary.Row row = run.summary().stages().get(0).all();

      assertThat(row.requests().ok()).isEqualTo(300);
      LatencyStats queue = row.latency().get("queue");
      LatencyStats e2e = row.latency().get("e2e");
      LatencyStats service = row.latency().get("service");
      assertThat(queue.p99()).as("queue p99 s").isBetween(1.5, 2.5);
      assertThat(e2e.p99()).as("e2e p99 s").isBetween(1.5, 2.6);
      assertThat(service.p99()).as("service p99 s").isLessThan(0.3);
      assertThat(service.max()).as("the requests caught in flight").isGreaterThan(1.5);
      sim.close().await();
    }
  }
}
