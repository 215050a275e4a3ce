package io.broadside.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.testing.Schemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code $.dataset}: the file's options, the synthetic distributions, and their problems. */
class DatasetPlanTest {
  @TempDir Path dir;

  private Plan parse(String dataset) {
    ParseResult result = PlanParser.parse(PlanParserTest.MINIMAL + dataset, dir);
    assertThat(result.problems()).isEmpty();
    return result.plan();
  }

  private List<Problem> problems(String dataset) {
    ParseResult result = PlanParser.parse(PlanParserTest.MINIMAL + dataset, dir);
    assertThat(result.ok()).isFalse();
    return result.problems();
  }

  private Path file() throws Exception {
    return Files.writeString(dir.resolve("p.jsonl"), "{\"prompt\": \"hi\"}\n");
  }

  @Test
  void aFileDatasetDefaultsToAutoFormatAndThePlansMaxTokens() throws Exception {
    Path file = file();

    assertThat(parse("dataset: {file: p.jsonl}\n").dataset())
        .isEqualTo(
            new FileDataset(
                file, DatasetFormat.AUTO, MaxTokensFrom.PLAN, null, null, Sampling.RANDOM, 42));
  }

  @Test
  void readsFormatMaxTokensFromAndTheInputFilters() throws Exception {
    Path file = file();

    Dataset dataset =
        parse(
                "dataset: {file: p.jsonl, format: llm-load-test, maxTokensFrom: dataset,"
                    + " minInputTokens: 4, maxInputTokens: 400, sampling: sequential, seed: 7}\n")
            .dataset();

    assertThat(dataset)
        .isEqualTo(
            new FileDataset(
                file,
                DatasetFormat.LLM_LOAD_TEST,
                MaxTokensFrom.DATASET,
                4,
                400,
                Sampling.SEQUENTIAL,
                7));
  }

  @Test
  void everyFormatHasItsPlanSpelling() throws Exception {
    file();
    for (String format : List.of("auto", "broadside", "openorca", "sharegpt", "llm-load-test")) {
      assertThat(
              ((FileDataset) parse("dataset: {file: p.jsonl, format: " + format + "}\n").dataset())
                  .format())
          .extracting(Fields::spelling)
          .isEqualTo(format);
    }
  }

  @Test
  void syntheticLengthsAreNormalOrUniform() {
    assertThat(
            parse(
                    "dataset: {synthetic: {inputTokens: 200, inputTokensStddev: 40,"
                        + " outputTokens: 100, outputTokensStddev: 20}}\n")
                .dataset())
        .isEqualTo(
            new SyntheticDataset(
                new TokenLengths.Normal(200, 40),
                new TokenLengths.Normal(100, 20),
                Sampling.RANDOM,
                42));
    assertThat(
            parse(
                    "dataset: {synthetic: {inputTokensMin: 10, inputTokensMax: 20,"
                        + " outputTokensMin: 5, outputTokensMax: 5}, seed: 3}\n")
                .dataset())
        .isEqualTo(
            new SyntheticDataset(
                new TokenLengths.Uniform(10, 20),
                new TokenLengths.Uniform(5, 5),
                Sampling.RANDOM,
                3));
    assertThat(parse("dataset: {synthetic: {inputTokens: 64}}\n").dataset())
        .isEqualTo(new SyntheticDataset(new TokenLengths.Normal(64, 0), null, Sampling.RANDOM, 42));
  }

  @Test
  void badFileOptionsAreReportedAtTheirPaths() throws Exception {
    file();

    assertThat(
            problems(
                "dataset: {file: p.jsonl, format: alpaca, maxTokensFrom: response,"
                    + " minInputTokens: 0, maxInputTokens: 3.5}\n"))
        .extracting(Problem::toString)
        .containsExactly(
            "$.dataset.format: must be one of auto, broadside, openorca, sharegpt, llm-load-test,"
                + " was 'alpaca'",
            "$.dataset.maxTokensFrom: must be one of plan, dataset, was 'response'",
            "$.dataset.minInputTokens: must be a positive whole number, was '0'",
            "$.dataset.maxInputTokens: must be a positive whole number, was '3.5'");
    assertThat(problems("dataset: {file: p.jsonl, minInputTokens: 50, maxInputTokens: 10}\n"))
        .extracting(Problem::toString)
        .containsExactly(
            "$.dataset.maxInputTokens: must be at least minInputTokens (50), was '10'");
  }

  @Test
  void fileOptionsAreRefusedWithSyntheticPrompts() {
    assertThat(
            problems(
                "dataset: {synthetic: {inputTokens: 8}, format: sharegpt, maxTokensFrom:"
                    + " dataset}\n"))
        .extracting(Problem::toString)
        .containsExactly(
            "$.dataset.format: applies to a dataset file, not to synthetic prompts, was"
                + " 'sharegpt'",
            "$.dataset.maxTokensFrom: applies to a dataset file, not to synthetic prompts, was"
                + " 'dataset'");
  }

  @Test
  void badSyntheticDistributionsAreReportedAtTheirPaths() {
    assertThat(
            problems(
                "dataset: {synthetic: {inputTokens: 8, inputTokensMin: 2, outputTokensStddev:"
                    + " 3}}\n"))
        .extracting(Problem::toString)
        .containsExactly(
            "$.dataset.synthetic.inputTokensMin: cannot be given with inputTokens: lengths are"
                + " either inputTokens (with inputTokensStddev) or uniform from inputTokensMin to"
                + " inputTokensMax",
            "$.dataset.synthetic.outputTokensStddev: needs outputTokens, the mean it spreads"
                + " around");
    assertThat(
            problems(
                "dataset: {synthetic: {inputTokensMin: 20, inputTokensMax: 10,"
                    + " outputTokensMin: 0, outputTokensStddev: 1}}\n"))
        .extracting(Problem::toString)
        .containsExactly(
            "$.dataset.synthetic.inputTokensMax: must be at least inputTokensMin (20), was '10'",
            "$.dataset.synthetic.outputTokensMin: must be a positive whole number, was '0'",
            "$.dataset.synthetic.outputTokensStddev: spreads outputTokens and cannot be given with"
                + " outputTokensMin/outputTokensMax",
            "$.dataset.synthetic.outputTokensMax: is required with outputTokensMin (uniform)");
    assertThat(problems("dataset: {synthetic: {outputTokens: 5}}\n"))
        .extracting(Problem::toString)
        .containsExactly(
            "$.dataset.synthetic.inputTokens: is required (or inputTokensMin and inputTokensMax)");
  }

  @Test
  void theSchemaAgreesOnDatasets() throws Exception {
    file();
    String ok =
        PlanParserTest.MINIMAL
            + "dataset: {file: p.jsonl, format: sharegpt, maxTokensFrom: dataset,"
            + " minInputTokens: 1}\n";
    String uniform =
        PlanParserTest.MINIMAL
            + "dataset: {synthetic: {inputTokensMin: 1, inputTokensMax: 9, outputTokens: 4}}\n";

    assertThat(Schemas.violations(Schemas.PLAN, ok)).isEmpty();
    assertThat(Schemas.violations(Schemas.PLAN, uniform)).isEmpty();
    assertThat(
            Schemas.violations(
                Schemas.PLAN,
                PlanParserTest.MINIMAL + "dataset: {synthetic: {inputTokens: 1}, format: auto}\n"))
        .isNotEmpty();
    assertThat(
            Schemas.violations(
                Schemas.PLAN,
                PlanParserTest.MINIMAL
                    + "dataset: {synthetic: {inputTokens: 1, inputTokensMax: 9}}\n"))
        .isNotEmpty();
    assertThat(
            Schemas.violations(
                Schemas.PLAN, PlanParserTest.MINIMAL + "dataset: {file: p.jsonl, format: csv}\n"))
        .isNotEmpty();
  }

  @Test
  void sharedPrefixesReadTheirGroupsTokensAndWeights() {
    SyntheticDataset weighted =
        (SyntheticDataset)
            parse(
                    "dataset: {synthetic: {inputTokens: 64, sharedPrefix: {groups: 2, tokens:"
                        + " 512, weights: [3, 1]}}}\n")
                .dataset();
    assertThat(weighted.prefixes()).isEqualTo(new SharedPrefixes(2, 512, List.of(3.0, 1.0)));
    assertThat(weighted.prefixes().group(0.74)).isZero();
    assertThat(weighted.prefixes().group(0.76)).isEqualTo(1);
    SyntheticDataset equal =
        (SyntheticDataset)
            parse("dataset: {synthetic: {inputTokens: 8, sharedPrefix: {groups: 3, tokens: 16}}}\n")
                .dataset();
    assertThat(equal.prefixes().weights()).containsExactly(1.0, 1.0, 1.0);
  }

  @Test
  void everyProblemOfASharedPrefixIsNamed() {
    assertThat(
            problems(
                "dataset: {synthetic: {inputTokens: 8, sharedPrefix: {tokens: 0, weights: [1, -2],"
                    + " size: 3}}}\n"))
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "$.dataset.synthetic.sharedPrefix.size: unknown field 'size'; known fields are groups,"
                + " tokens, weights",
            "$.dataset.synthetic.sharedPrefix.tokens: must be a positive whole number, was '0'",
            "$.dataset.synthetic.sharedPrefix.groups: is required: how many shared prefixes",
            "$.dataset.synthetic.sharedPrefix.weights[1]: must be a positive number, was '-2'");
    assertThat(
            problems(
                "dataset: {synthetic: {inputTokens: 8, sharedPrefix: {groups: 2, tokens: 4,"
                    + " weights: [1]}}}\n"))
        .extracting(Problem::toString)
        .containsExactly(
            "$.dataset.synthetic.sharedPrefix.weights: must give one weight per group (2), gave 1");
  }
}
