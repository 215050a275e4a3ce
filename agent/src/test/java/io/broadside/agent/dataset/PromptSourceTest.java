package io.broadside.agent.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.plan.Sampling;
import io.broadside.common.plan.SyntheticDataset;
import io.broadside.common.plan.TokenLengths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Synthetic prompts by length distributions, seeded, and the lanes' cursors. */
class PromptSourceTest {
  private static List<Prompt> pool(SyntheticDataset dataset) {
    return PromptSource.load(dataset).prompts();
  }

  @Test
  void theSameSeedMakesTheSamePromptsOnEveryLoad() {
    SyntheticDataset dataset =
        new SyntheticDataset(
            new TokenLengths.Normal(50, 10), new TokenLengths.Normal(80, 20), Sampling.RANDOM, 7);

    assertThat(pool(dataset)).isEqualTo(pool(dataset)).hasSize(PromptSource.SYNTHETIC_POOL);
    assertThat(pool(dataset))
        .isNotEqualTo(
            pool(new SyntheticDataset(dataset.input(), dataset.output(), Sampling.RANDOM, 8)));
  }

  @Test
  void outputLengthsLeaveThePromptsAsTheyWere() {
    SyntheticDataset inputOnly = new SyntheticDataset(200, 40, Sampling.RANDOM, 42);
    SyntheticDataset both =
        new SyntheticDataset(
            inputOnly.input(), new TokenLengths.Uniform(10, 30), Sampling.RANDOM, 42);

    assertThat(pool(both))
        .extracting(Prompt::text)
        .isEqualTo(pool(inputOnly).stream().map(Prompt::text).toList());
    assertThat(pool(inputOnly)).extracting(Prompt::maxTokens).containsOnlyNulls();
    assertThat(pool(both)).extracting(Prompt::maxTokens).allMatch(n -> n >= 10 && n <= 30);
  }

  @Test
  void promptLengthsFollowTheirDistributionAndCountAsWords() {
    List<Prompt> fixed = pool(new SyntheticDataset(32, 0, Sampling.RANDOM, 1));
    List<Prompt> normal = pool(new SyntheticDataset(200, 40, Sampling.RANDOM, 1));
    List<Prompt> uniform =
        pool(
            new SyntheticDataset(
                new TokenLengths.Uniform(5, 9),
                new TokenLengths.Normal(3, 50),
                Sampling.RANDOM,
                1));

    assertThat(fixed).allMatch(p -> p.promptTokens() == 32 && PromptSource.words(p.text()) == 32);
    double mean = normal.stream().mapToInt(Prompt::promptTokens).average().orElseThrow();
    assertThat(mean).isBetween(185.0, 215.0);
    assertThat(normal).allMatch(p -> PromptSource.words(p.text()) == p.promptTokens());
    assertThat(uniform).allMatch(p -> p.promptTokens() >= 5 && p.promptTokens() <= 9);
    assertThat(uniform.stream().map(Prompt::promptTokens).distinct().count()).isEqualTo(5);
    assertThat(uniform).extracting(Prompt::maxTokens).allMatch(n -> n >= 1);
  }

  @Test
  void aNormalOutputLengthIsSpreadAroundItsMeanAndAtLeastOne() {
    List<Prompt> prompts =
        pool(
            new SyntheticDataset(
                new TokenLengths.Normal(8, 0),
                new TokenLengths.Normal(100, 25),
                Sampling.RANDOM,
                3));

    double mean = prompts.stream().mapToInt(Prompt::maxTokens).average().orElseThrow();
    assertThat(mean).isBetween(90.0, 110.0);
    assertThat(new TokenLengths.Normal(2, 100).draw(new Random(1))).isPositive();
    assertThat(
            IntStream.range(0, 1000).map(i -> new TokenLengths.Normal(2, 100).draw(new Random(i))))
        .allMatch(n -> n >= 1);
  }

  @Test
  void wordsCountAsTheSimulatorCountsTokens() {
    assertThat(PromptSource.words("")).isZero();
    assertThat(PromptSource.words("  one\ttwo\n\nthree\u2003four ")).isEqualTo(4);
  }

  @Test
  void aLanesPromptsDoNotFollowItsModelChoices() {
    PromptSource source = PromptSource.load(new SyntheticDataset(4, 0, Sampling.RANDOM, 1));
    long seed = 1234;
    Random models = new Random(seed);
    PromptSource.Cursor cursor = source.cursor(seed, 0);
    List<Prompt> all = source.prompts();
    Set<Integer> promptsOfModel0 = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      int model = models.nextInt(2);
      int prompt = all.indexOf(cursor.next());
      if (model == 0) {
        promptsOfModel0.add(prompt);
      }
    }

    assertThat(promptsOfModel0).hasSizeGreaterThan(PromptSource.SYNTHETIC_POOL * 3 / 4);
  }

  @Test
  void aSequentialCursorStartsAtItsOffsetAndWraps() {
    PromptSource source = PromptSource.load(new SyntheticDataset(4, 0, Sampling.SEQUENTIAL, 1));
    PromptSource.Cursor cursor = source.cursor(9, PromptSource.SYNTHETIC_POOL - 1);
    List<Prompt> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seen.add(cursor.next());
    }

    List<Prompt> all = source.prompts();
    assertThat(seen).containsExactly(all.get(all.size() - 1), all.get(0), all.get(1));
  }

  @Test
  void sharedPrefixesLeadEachPromptWithItsGroupsPrefixAndAUniqueSuffix() {
    SyntheticDataset dataset =
        new SyntheticDataset(
            new TokenLengths.Normal(20, 0),
            null,
            Sampling.RANDOM,
            5,
            new io.broadside.common.plan.SharedPrefixes(3, 40, List.of(6.0, 3.0, 1.0)));
    PromptSource source = PromptSource.load(dataset);
    PromptSource.Cursor a = source.cursor(1, 0);
    PromptSource.Cursor b = source.cursor(1, 104729);
    List<Prompt> drawn = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      drawn.add(a.next());
      drawn.add(b.next());
    }
    int[] perGroup = new int[3];
    Set<String> suffixes = new HashSet<>();
    for (Prompt p : drawn) {
      String[] words = p.text().split(" ");
      assertThat(words).hasSize(60);
      assertThat(p.promptTokens()).isEqualTo(60).isEqualTo(PromptSource.words(p.text()));
      int group = Integer.parseInt(words[0].substring("prefix-".length()));
      perGroup[group]++;
      // each group's 40 words are always the same
      assertThat(String.join(" ", List.of(words).subList(0, 40)))
          .isEqualTo(PromptSource.load(dataset).cursor(9, 0).prefix(group));
      suffixes.add(String.join(" ", List.of(words).subList(40, 60)));
    }
    assertThat(suffixes).as("no two requests share a suffix").hasSize(drawn.size());
    // drawn 6:3:1 over the pool's 64 prompts: within a few pool entries
    assertThat(perGroup[0]).isGreaterThan(perGroup[1]);
    assertThat(perGroup[1]).isGreaterThan(perGroup[2]);
    assertThat(perGroup[2]).isPositive();
  }
}
