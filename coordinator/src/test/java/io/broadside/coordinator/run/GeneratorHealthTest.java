package io.broadside.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.summary.Summary;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator verdict's rules, interval by interval: sustained saturation versus brief stalls.
 */
class GeneratorHealthTest {
  /** {@code n} healthy one-second intervals: the load thread at 30%, the loop 2 ms late. */
  private static GeneratorHealth healthy(int n) {
    GeneratorHealth h = new GeneratorHealth(1);
    for (int i = 0; i < n; i++) {
      h.add(i, 0.4, 0.3, 2_000, 0);
    }
    return h;
  }

  @Test
  void aQuietRunIsOkWhateverTheProcessCpuInItsFirstSeconds() {
    GeneratorHealth h = new GeneratorHealth(1);
    // the JIT compiler's threads take the whole process to 100% at first: not the load thread's
    h.add(0, 1.0, 0.2, 4_000, 0);
    h.add(1, 1.0, 0.1, 3_000, 0);
    for (int i = 2; i < 10; i++) {
      h.add(i, 0.1, 0.05, 1_000, 0);
    }
    Summary.Generator g = GeneratorHealth.verdict(List.of(h.summary("a1")));
    assertThat(g.verdict()).isEqualTo("ok");
    assertThat(g.saturated()).isFalse();
    assertThat(g.reason()).contains("kept up").contains("20%").contains("4.0 ms");
    assertThat(g.agents().get(0).cpuMax()).isEqualTo(1.0);
  }

  @Test
  void oneStallOf60MsInThirtyIntervalsIsAStallNotSaturation() {
    GeneratorHealth h = new GeneratorHealth(1);
    for (int i = 0; i < 30; i++) {
      h.add(i, 0.4, 0.3, i == 12 ? 60_000 : 2_000, i == 12 ? 41 : 0);
    }
    Summary.AgentHealth a = h.summary("a1");
    assertThat(a.verdict()).isEqualTo("stalls");
    assertThat(a.saturatedIntervals()).isOne();
    assertThat(a.stalls()).containsExactly(new Summary.Stall(12, 60, 0.3, 41));
    Summary.Generator g = GeneratorHealth.verdict(List.of(a, healthy(30).summary("a2")));
    assertThat(g.verdict()).isEqualTo("stalls");
    assertThat(g.saturated()).isFalse();
    assertThat(g.reason())
        .isEqualTo(
            "1 brief stall(s), not sustained: agent a1 at 12 s: event loop 60.0 ms late (41"
                + " requests touched); only the requests it touched include the stall");
  }

  @Test
  void twoStallsAtTheStartAreStalls() {
    GeneratorHealth h = new GeneratorHealth(1);
    h.add(0, 1.0, 0.5, 70_000, 4);
    h.add(1, 1.0, 0.5, 69_500, 4);
    for (int i = 2; i < 10; i++) {
      h.add(i, 0.2, 0.1, 1_000, 0);
    }
    assertThat(h.summary("a1").verdict()).isEqualTo("stalls");
    assertThat(h.summary("a1").stalls()).hasSize(2);
  }

  @Test
  void aLoadThreadOverTheLimitInTwoIntervalsInARowIsSaturated() {
    GeneratorHealth h = healthy(10);
    h.add(10, 0.5, 0.90, 10_000, 0);
    h.add(11, 0.5, 0.97, 20_000, 0);
    Summary.AgentHealth a = h.summary("a1");
    assertThat(a.verdict()).isEqualTo("saturated");
    assertThat(a.stalls()).isEmpty();
    Summary.Generator g = GeneratorHealth.verdict(List.of(healthy(12).summary("a2"), a));
    assertThat(g.saturated()).isTrue();
    assertThat(g.reason())
        .startsWith(
            "agent a1's load thread was at up to 97% CPU and its event loop up to 20.0 ms late,"
                + " over a limit in 2 interval(s)");
  }

  @Test
  void threeLateLoopsInARowAreSaturated() {
    GeneratorHealth h = healthy(5);
    for (int i = 5; i < 8; i++) {
      h.add(i, 0.5, 0.5, 300_000, 100);
    }
    assertThat(h.saturated()).isTrue();
    // two in a row only: stalls
    GeneratorHealth two = healthy(5);
    two.add(5, 0.5, 0.5, 300_000, 100);
    two.add(6, 0.5, 0.5, 300_000, 100);
    two.add(7, 0.5, 0.5, 1_000, 0);
    assertThat(two.saturated()).isFalse();
  }

  @Test
  void overInAFifthOfTheIntervalsApartIsSaturated() {
    GeneratorHealth h = new GeneratorHealth(1);
    for (int i = 0; i < 20; i++) {
      h.add(i, 0.5, 0.5, i % 5 == 0 ? 80_000 : 1_000, 3);
    }
    assertThat(h.saturated()).as("4 of 20 intervals over").isTrue();
    GeneratorHealth fewer = new GeneratorHealth(1);
    for (int i = 0; i < 20; i++) {
      fewer.add(i, 0.5, 0.5, i % 7 == 0 ? 80_000 : 1_000, 3);
    }
    assertThat(fewer.saturated()).as("3 of 20 intervals over").isFalse();
  }

  @Test
  void stretchesAreCountedInTimeNotIntervals() {
    // quarter-second intervals: three late loops in a row are 0.75 s, a stall
    GeneratorHealth quarter = new GeneratorHealth(0.25);
    for (int i = 0; i < 30; i++) {
      quarter.add(i * 0.25, 0.5, 0.5, i >= 10 && i < 13 ? 120_000 : 1_000, 4);
    }
    assertThat(quarter.saturated()).isFalse();
    assertThat(quarter.summary("a1").verdict()).isEqualTo("stalls");
    // twelve in a row are 3 s: saturated
    GeneratorHealth longer = new GeneratorHealth(0.25);
    for (int i = 0; i < 30; i++) {
      longer.add(i * 0.25, 0.5, 0.5, i >= 10 && i < 22 ? 120_000 : 1_000, 4);
    }
    assertThat(longer.saturated()).isTrue();
    // a loop blocked for 4 s reports one interval, 4 s long: saturated, not a brief stall
    GeneratorHealth blocked = new GeneratorHealth(0.25);
    for (int i = 0; i < 30; i++) {
      blocked.add(i * 0.25, 0.5, 0.5, i == 12 ? 4_000_000 : 1_000, 8);
    }
    assertThat(blocked.saturated()).isTrue();
  }

  @Test
  void intervalsAreJudgedInTheirOrderNotTheirArrivals() {
    GeneratorHealth h = healthy(4);
    // intervals 5 and 6 were busy, 4 not: they arrive 6, 4, 5 (a resend after a reconnect)
    h.add(6, 0.5, 0.95, 1_000, 0);
    h.add(4, 0.5, 0.10, 1_000, 0);
    h.add(5, 0.5, 0.95, 1_000, 0);
    assertThat(h.saturated()).isTrue();
  }
}
