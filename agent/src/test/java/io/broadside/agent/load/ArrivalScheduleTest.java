package io.broadside.agent.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.plan.Arrival;
import io.broadside.common.plan.Stage;
import io.broadside.common.unit.Rate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sharding open-loop arrivals: the merged schedule of all agents and lanes is the one-machine one.
 */
class ArrivalScheduleTest {
  private static final StageTimeline TIMELINE =
      new StageTimeline(
          List.of(
              new Stage("a", Duration.ofSeconds(2), null, new Rate(300), Duration.ofMillis(500)),
              new Stage("b", Duration.ofSeconds(3), null, new Rate(1_000), null)));

  @Test
  void everyArrivalGoesToExactlyOneAgentAndLaneForAnyWeights() {
    Random random = new Random(5);
    for (Arrival arrival : Arrival.values()) {
      List<Long> single =
          all(new ArrivalSchedule(TIMELINE, arrival, 0.5, 42, new double[] {1}, 0, 1, 0));
      assertThat(single).hasSizeGreaterThan(3_000);
      for (int trial = 0; trial < 5; trial++) {
        int agents = 1 + random.nextInt(4);
        double[] weights = new double[agents];
        for (int k = 0; k < agents; k++) {
          weights[k] = 1 + random.nextInt(8);
        }
        int lanes = 1 + random.nextInt(3);
        List<Long> merged = new ArrayList<>();
        int[] perAgent = new int[agents];
        for (int k = 0; k < agents; k++) {
          for (int lane = 0; lane < lanes; lane++) {
            List<Long> mine =
                all(new ArrivalSchedule(TIMELINE, arrival, 0.5, 42, weights, k, lanes, lane));
            perAgent[k] += mine.size();
            merged.addAll(mine);
          }
        }
        Collections.sort(merged);
        assertThat(merged)
            .as("%s over %d agents × %d lanes", arrival, agents, lanes)
            .isEqualTo(single);
        double sum = java.util.Arrays.stream(weights).sum();
        for (int k = 0; k < agents; k++) {
          assertThat((double) perAgent[k])
              .isCloseTo(
                  single.size() * weights[k] / sum, org.assertj.core.data.Offset.offset(2.0));
        }
      }
    }
  }

  @Test
  void constantArrivalsFollowTheRateAndTheRamp() {
    List<Long> all =
        all(new ArrivalSchedule(TIMELINE, Arrival.CONSTANT, 1, 1, new double[] {1}, 0, 1, 0));
    long inB = all.stream().filter(t -> t >= 2_000_000_000L).count();
    assertThat(inB).isBetween(2_990L, 3_010L);
  }

  @Test
  void gammaGapsKeepTheRateAndSpreadByTheBurstiness() {
    StageTimeline steady =
        new StageTimeline(
            List.of(new Stage("s", Duration.ofSeconds(200), null, new Rate(100), null)));
    for (double burstiness : new double[] {0.25, 1, 4}) {
      List<Long> all =
          all(new ArrivalSchedule(steady, Arrival.GAMMA, burstiness, 9, new double[] {1}, 0, 1, 0));
      double[] gaps = new double[all.size() - 1];
      double mean = 0;
      for (int i = 1; i < all.size(); i++) {
        gaps[i - 1] = (all.get(i) - all.get(i - 1)) / 1e9;
        mean += gaps[i - 1];
      }
      mean /= gaps.length;
      double variance = 0;
      for (double g : gaps) {
        variance += (g - mean) * (g - mean);
      }
      double cv = Math.sqrt(variance / gaps.length) / mean;
      // 20,000 arrivals at 100/s; a gamma gap of shape γ has a coefficient of variation 1/√γ
      assertThat(all.size()).as("γ=%s", burstiness).isBetween(19_400, 20_600);
      assertThat(mean).isCloseTo(0.01, org.assertj.core.data.Offset.offset(0.0003));
      assertThat(cv)
          .as("γ=%s", burstiness)
          .isCloseTo(
              1 / Math.sqrt(burstiness),
              org.assertj.core.data.Offset.offset(0.06 / Math.sqrt(burstiness)));
    }
  }

  @Test
  void aFixedSequenceIsDealtWholeOverAgentsAndLanes() {
    long[] fixed = new long[30];
    for (int i = 0; i < 30; i++) {
      fixed[i] = i * 100_000_000L;
    }
    List<Long> merged = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      for (int lane = 0; lane < 2; lane++) {
        merged.addAll(
            all(
                new ArrivalSchedule(
                    TIMELINE,
                    Arrival.CONSTANT,
                    1,
                    1,
                    new double[] {2, 2, 2},
                    k,
                    2,
                    lane,
                    fixed,
                    -1)));
      }
    }
    Collections.sort(merged);
    assertThat(merged)
        .hasSize(30)
        .containsExactlyElementsOf(java.util.Arrays.stream(fixed).boxed().toList());
  }

  private static List<Long> all(ArrivalSchedule schedule) {
    List<Long> out = new ArrayList<>();
    for (long t = schedule.next(); t >= 0; t = schedule.next()) {
      out.add(t);
    }
    return out;
  }
}
