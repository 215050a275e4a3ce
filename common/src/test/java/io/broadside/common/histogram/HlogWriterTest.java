package io.broadside.common.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.metric.LatencyMetric;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A histogram-log line is written exactly as HdrHistogram's format string would write it. */
class HlogWriterTest {
  @Test
  void aLineIsTheFormatStringsLine() {
    Random random = new Random(3);
    byte[] bytes = {1, 2, 3, (byte) 200};
    for (int i = 0; i < 100_000; i++) {
      double startS =
          random.nextInt(3) == 0 ? random.nextInt(100_000) / 1e3 : random.nextDouble() * 3600;
      double lengthS = random.nextDouble() * 10;
      long maxUs =
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(1_000);
            case 1 -> random.nextInt(1_000_000);
            default -> (long) (random.nextDouble() * Histograms.HIGHEST_US);
          };
      String expected =
          String.format(
              Locale.ROOT,
              "Tag=%s,%.3f,%.3f,%.6f,%s%n",
              "e2e/s/m",
              startS,
              lengthS,
              maxUs / 1e6,
              Base64.getEncoder().encodeToString(bytes));
      assertThat(HlogWriter.line("e2e/s/m", startS, lengthS, maxUs, bytes)).isEqualTo(expected);
    }
  }

  @Test
  void aTagHasNoCommaNorWhiteSpace() {
    assertThat(HlogWriter.tag(LatencyMetric.TTFT, "warm up,1", "model\tx"))
        .isEqualTo("ttft/warm_up_1/model_x");
    assertThat(HlogWriter.tag(LatencyMetric.E2E, "steady", "m")).isEqualTo("e2e/steady/m");
  }
}
