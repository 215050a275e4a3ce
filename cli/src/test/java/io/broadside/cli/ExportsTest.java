package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.HistogramLogProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run leaves for other tools: the per-request log (a line of JSON per request, when the plan
 * asks) agrees with the summary request by request, and the histogram log is read by HdrHistogram's
 * own HistogramLogProcessor to the same counts.
 */
class ExportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void theRequestLogAndTheHistogramLogAgreeWithTheSummary() throws Exception {
    Simulator sim =
        Simulator.start(
                vertx, SimulatorConfig.defaults().withPreset(GpuPreset.FAST).withEphemeralPorts())
            .await();
    PlanRuns.Result r =
        PlanRuns.run(
            dir,
            """
            name: exports
            target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
            models: [llama-2-7b]
            maxTokens: 16
            requestLog: true
            load: {mode: closed, stages: [{name: s, duration: 2s, users: 4}]}
            """
                .formatted(sim.port()));
    assertThat(r.exit()).isEqualTo(0);
    Path runDir;
    try (Stream<Path> runs = Files.list(dir)) {
      runDir =
          runs.filter(p -> p.getFileName().toString().startsWith("runs-"))
              .findFirst()
              .orElseThrow();
    }
    try (Stream<Path> inner = Files.list(runDir)) {
      runDir = inner.findFirst().orElseThrow();
    }
    JsonNode all = r.summary().at("/stages/0/all");
    long ok = all.at("/requests/ok").asLong();

    Path log;
    try (Stream<Path> files = Files.list(runDir)) {
      log =
          files
              .filter(p -> p.getFileName().toString().endsWith("-requests.jsonl"))
              .findFirst()
              .orElseThrow();
    }
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize((int) ok);
    long tokens = 0;
    List<Long> e2e = new ArrayList<>();
    for (String line : lines) {
      JsonNode req = JSON.readTree(line);
      assertThat(req.path("stage").asText()).isEqualTo("s");
      assertThat(req.path("model").asText()).isEqualTo("llama-2-7b");
      assertThat(req.path("outcome").asText()).isEqualTo("ok");
      assertThat(req.path("sentUs").asLong())
          .isGreaterThanOrEqualTo(req.path("intendedUs").asLong());
      assertThat(req.path("ttftUs").asLong())
          .isPositive()
          .isLessThanOrEqualTo(req.path("e2eUs").asLong());
      tokens += req.path("outputTokens").asLong();
      e2e.add(req.path("e2eUs").asLong());
    }
    assertThat(tokens).isEqualTo(all.path("outputTokens").asLong());
    e2e.sort(null);
    double medianS = e2e.get((e2e.size() - 1) / 2) / 1e6;
    // the summary's p50 is HdrHistogram's, to three significant digits
    assertThat(all.at("/latency/e2e/p50").asDouble())
        .isCloseTo(medianS, within(medianS * 0.01 + 2e-6));

    // HdrHistogram's own log processor reads the run's log: same count, same max
    Path out = dir.resolve("e2e");
    new HistogramLogProcessor(
            new String[] {
              "-i",
              runDir.resolve("histograms.hlog").toString(),
              "-tag",
              "e2e/s/llama-2-7b",
              "-o",
              out.toString(),
              "-outputValueUnitRatio",
              "1000"
            })
        .run();
    String hgrm = Files.readString(Path.of(out + ".hgrm"));
    Matcher m = Pattern.compile("Total count\\s*=\\s*(\\d+)").matcher(hgrm);
    assertThat(m.find()).as(hgrm).isTrue();
    assertThat(Long.parseLong(m.group(1)))
        .isEqualTo(all.at("/latency/e2e/count").asLong())
        .isEqualTo(ok);
    Matcher max = Pattern.compile("Max\\s*=\\s*([0-9.]+)").matcher(hgrm);
    assertThat(max.find()).isTrue();
    assertThat(Double.parseDouble(max.group(1)) / 1e3)
        .isCloseTo(
            all.at("/latency/e2e/max").asDouble(),
            within(all.at("/latency/e2e/max").asDouble() * 0.01));
  }
}
