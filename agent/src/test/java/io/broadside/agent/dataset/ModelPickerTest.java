package io.broadside.agent.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.plan.Model;
import io.broadside.common.plan.ModelChoice;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Model choice per request, by a fixed seed: counts land where each rule puts them. */
class ModelPickerTest {
  private static final List<Model> MODELS =
      List.of(new Model("a", 1), new Model("b", 2), new Model("c", 5), new Model("d", 2));
  private static final int DRAWS = 100_000;

  private static int[] counts(ModelChoice choice, long seed) {
    ModelPicker picker = new ModelPicker(MODELS, choice);
    Random random = new Random(seed);
    int[] counts = new int[MODELS.size()];
    for (int i = 0; i < DRAWS; i++) {
      counts[picker.pick(random)]++;
    }
    return counts;
  }

  private static double share(int[] counts, int i) {
    return counts[i] / (double) DRAWS;
  }

  @Test
  void zipfFavorsTheFirstModelsByOneOverRank() {
    int[] counts = counts(ModelChoice.ZIPF, 42);

    // 1, 1/2, 1/3, 1/4 over their sum 25/12
    double[] expected = {12 / 25.0, 6 / 25.0, 4 / 25.0, 3 / 25.0};
    assertThat(counts[0]).isGreaterThan(counts[1]);
    assertThat(counts[1]).isGreaterThan(counts[2]);
    assertThat(counts[2]).isGreaterThan(counts[3]);
    for (int i = 0; i < expected.length; i++) {
      assertThat(share(counts, i)).as("model %d", i).isCloseTo(expected[i], within(0.01));
    }
  }

  @Test
  void weightedFollowsTheWeights() {
    int[] counts = counts(ModelChoice.WEIGHTED, 42);

    double[] expected = {0.1, 0.2, 0.5, 0.2};
    for (int i = 0; i < expected.length; i++) {
      assertThat(share(counts, i)).as("model %d", i).isCloseTo(expected[i], within(0.01));
    }
  }

  @Test
  void uniformIgnoresTheWeights() {
    int[] counts = counts(ModelChoice.UNIFORM, 42);

    for (int i = 0; i < counts.length; i++) {
      assertThat(share(counts, i)).as("model %d", i).isCloseTo(0.25, within(0.01));
    }
  }

  @Test
  void theSameSeedPicksTheSameModels() {
    assertThat(counts(ModelChoice.ZIPF, 7)).isEqualTo(counts(ModelChoice.ZIPF, 7));
    assertThat(counts(ModelChoice.ZIPF, 7)).isNotEqualTo(counts(ModelChoice.ZIPF, 8));
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }
}
