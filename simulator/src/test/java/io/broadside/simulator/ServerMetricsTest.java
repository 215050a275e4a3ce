package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} of the simulator: vLLM's and TGIS's server histograms and counters agree
 * with the simulator's own request log, and the GPU gauges are there.
 */
class ServerMetricsTest extends WithTestVertx {
  private Simulator sim;

  @BeforeEach
  void startSimulator() {
    // the streaming path compiled first, on a simulator of its own: a first request's gaps in a
    // cold JVM may pass 10 ms, and this one's figures must count only what the test sends
    Simulator warm = test.simulator(SimulatorConfig.defaults().withPreset(GpuPreset.FAST));
    for (int i = 0; i < 20; i++) {
      test.post(
          warm.port(),
          "/v1/completions",
          "{\"model\": \"llama-2-7b\", \"prompt\": \"warm\", \"max_tokens\": 8, \"stream\": true}");
    }
    TestVertx.await(warm.close());
    sim = test.simulator(SimulatorConfig.defaults().withPreset(GpuPreset.FAST));
  }

  @AfterEach
  void closeSimulator() {
    TestVertx.await(sim.close());
  }

  @Test
  void serverMetricsCountWhatWasServed() {
    List<Reply> replies = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      replies.add(
          test.post(
              sim.port(),
              "/v1/completions",
              "{\"model\": \"llama-2-7b\", \"prompt\": \"one two three\", \"max_tokens\": "
                  + (4 + i)
                  + ", \"stream\": true}"));
    }
    assertThat(replies).allMatch(r -> r.status() == 200);
    Reply scrape = test.get(sim.port(), "/metrics");
    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.contentType()).startsWith("text/plain");
    String text = scrape.body();
    String labels = "{engine=\"0\",model_name=\"llama-2-7b\"";
    assertThat(
            value(
                text,
                "vllm:request_success_total{engine=\"0\",finished_reason=\"length\",model_name=\"llama-2-7b\"}"))
        .isEqualTo(5);
    assertThat(value(text, "vllm:generation_tokens_total" + labels + "}"))
        .isEqualTo(4 + 5 + 6 + 7 + 8);
    assertThat(value(text, "vllm:prompt_tokens_total" + labels + "}")).isEqualTo(15);
    assertThat(value(text, "vllm:time_to_first_token_seconds_count" + labels + "}")).isEqualTo(5);
    assertThat(value(text, "vllm:e2e_request_latency_seconds_count" + labels + "}")).isEqualTo(5);
    assertThat(value(text, "vllm:request_queue_time_seconds_count" + labels + "}")).isEqualTo(5);
    // one gap fewer than tokens per request
    assertThat(value(text, "vllm:inter_token_latency_seconds_count" + labels + "}"))
        .isEqualTo(3 + 4 + 5 + 6 + 7);
    // the fast preset steps every ~1 ms: every gap is within vLLM's first ITL bucket
    assertThat(value(text, "vllm:inter_token_latency_seconds_bucket" + labels + ",le=\"0.01\"}"))
        .isEqualTo(25);
    assertThat(value(text, "tgi_request_duration_count")).isEqualTo(5);
    assertThat(value(text, "tgi_request_generated_tokens_sum")).isEqualTo(30);
    assertThat(value(text, "vllm:num_requests_running" + labels + "}")).isZero();
    assertThat(text)
        .contains("# HELP vllm:time_to_first_token_seconds ")
        .contains("DCGM_FI_DEV_GPU_UTIL{")
        .contains("DCGM_FI_DEV_FB_USED{")
        .contains("tgi_queue_size ");
    double used = value(text, "DCGM_FI_DEV_FB_USED", "gpu=\"0\"");
    double free = value(text, "DCGM_FI_DEV_FB_FREE", "gpu=\"0\"");
    assertThat(used + free).isCloseTo(24 * 1024, within(1.0));
  }

  private static double value(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError("no series " + series + " in\n" + text);
  }

  private static double value(String text, String name, String label) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") && line.contains(label)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no series " + name + " in\n" + text);
  }
}
