package io.broadside.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.unit.Rate;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanParserTest {
  static final String MINIMAL =
      """
      name: minimal
      target: {protocol: openai-chat, url: http://127.0.0.1:8000}
      models: [m]
      load: {mode: closed, stages: [{duration: 30s, users: 1}]}
      """;

  static Path resource(String name) {
    try {
      return Path.of(PlanParserTest.class.getResource("/plans/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void yamlAndJsonOfTheSamePlanParseToEqualRecords() {
    ParseResult yaml = PlanParser.parse(resource("full.yaml"));
    ParseResult json = PlanParser.parse(resource("full.json"));

    assertThat(yaml.problems()).isEmpty();
    assertThat(json.problems()).isEmpty();
    assertThat(json.plan()).isEqualTo(yaml.plan());
  }

  @Test
  void readsEveryKeyOfAFullPlan() {
    Plan plan = PlanParser.parse(resource("full.yaml")).plan();

    assertThat(plan.name()).isEqualTo("full");
    assertThat(plan.tags()).isEqualTo(Map.of("release", "2.5.0", "build", "17", "nightly", "true"));
    assertThat(plan.target())
        .isEqualTo(
            new Target(
                "tgis-llama",
                TargetProtocol.OPENAI_COMPLETIONS,
                URI.create("https://models.example.com/openai"),
                false,
                Duration.ofSeconds(90),
                new Auth.Bearer("API_TOKEN", null),
                Map.of("X-Tenant", "team-a"),
                false,
                Tls.DEFAULT,
                null,
                null,
                List.of()));
    assertThat(plan.models())
        .containsExactly(new Model("llama-2-7b", 1.0), new Model("mistral-7b", 2.5));
    assertThat(plan.modelChoice()).isEqualTo(ModelChoice.WEIGHTED);
    assertThat(plan.dataset())
        .isEqualTo(new FileDataset(resource("prompts.jsonl"), Sampling.SEQUENTIAL, 7));
    assertThat(plan.maxTokens()).isEqualTo(256);
    assertThat(plan.load())
        .isEqualTo(
            new Load(
                LoadMode.OPEN,
                Arrival.POISSON,
                32,
                Overflow.DROP,
                Duration.ZERO,
                new Stages(
                    List.of(
                        new Stage("low", Duration.ofMinutes(1), null, new Rate(2), null),
                        new Stage(
                            "stage-2",
                            Duration.ofSeconds(90),
                            null,
                            new Rate(10),
                            Duration.ofSeconds(30))))));
    assertThat(plan.warmup()).isEqualTo(new Warmup(10));
    assertThat(plan.slo())
        .isEqualTo(
            new Slo(
                Duration.ofMillis(500),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofSeconds(10)));
    assertThat(plan.thresholds().gates())
        .containsExactly(
            new Threshold("ttft.p99", "ttft", "p99", 0.8, "800ms"),
            new Threshold("errorRate", "errorRate", null, 0.01, "1%"),
            new Threshold("e2e.mean", "e2e", "mean", 2.5, "2.5s"));
    assertThat(plan.cost()).isEqualTo(new Cost(1.212));
    assertThat(plan.onAgentLoss()).isEqualTo(OnAgentLoss.REBALANCE);
  }

  @Test
  void appliesDefaultsToAMinimalPlan() {
    ParseResult result = PlanParser.parse(MINIMAL, null);

    assertThat(result.ok()).isTrue();
    Plan plan = result.plan();
    assertThat(plan.tags()).isEmpty();
    assertThat(plan.target())
        .isEqualTo(
            Target.of(
                "target", TargetProtocol.OPENAI_CHAT, URI.create("http://127.0.0.1:8000"), true));
    assertThat(plan.models()).containsExactly(new Model("m", 1.0));
    assertThat(plan.modelChoice()).isEqualTo(ModelChoice.UNIFORM);
    assertThat(plan.dataset()).isEqualTo(new SyntheticDataset(128, 0, Sampling.RANDOM, 42));
    assertThat(plan.maxTokens()).isEqualTo(128);
    assertThat(plan.load())
        .isEqualTo(
            new Load(
                LoadMode.CLOSED,
                Arrival.CONSTANT,
                0,
                Overflow.QUEUE,
                Duration.ZERO,
                new Stages(List.of(new Stage("stage-1", Duration.ofSeconds(30), 1, null, null)))));
    assertThat(plan.warmup()).isEqualTo(new Warmup(0));
    assertThat(plan.slo()).isEqualTo(Slo.NONE);
    assertThat(plan.thresholds()).isEqualTo(Thresholds.NONE);
    assertThat(plan.cost()).isNull();
    assertThat(plan.onAgentLoss()).isEqualTo(OnAgentLoss.FAIL);
  }

  @Test
  void appliesDatasetDefaultsInsideAGivenDataset() {
    Plan plan =
        PlanParser.parse(MINIMAL + "dataset: {synthetic: {inputTokens: 64}}\n", null).plan();

    assertThat(plan.dataset()).isEqualTo(new SyntheticDataset(64, 0, Sampling.RANDOM, 42));
  }

  @Test
  void aSweepRunsEachLevelAfterItsWarmupAndReportsOnlyTheLevels() {
    Plan closed =
        PlanParser.parse(
                MINIMAL.replace(
                    "stages: [{duration: 30s, users: 1}]",
                    "sweep: {users: [1, 4, 16], duration: 1m, warmup: 10s}"),
                null)
            .plan();
    LoadShape shape = closed.load().shape();
    assertThat(shape.measuredStageNames()).containsExactly("users-1", "users-4", "users-16");
    assertThat(shape.timeline())
        .extracting(Stage::name)
        .containsExactly(
            "users-1-warmup",
            "users-1",
            "users-4-warmup",
            "users-4",
            "users-16-warmup",
            "users-16");
    assertThat(shape.timeline().get(2).users()).isEqualTo(4);
    assertThat(shape.timeline().get(2).measured()).isFalse();
    assertThat(shape.totalDuration()).isEqualTo(java.time.Duration.ofSeconds(210));

    Plan open =
        PlanParser.parse(
                MINIMAL.replace(
                    "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
                    "load: {mode: open, sweep: {rate: [0.5/s, 20/s, 600/m], duration: 30s}}"),
                null)
            .plan();
    assertThat(open.load().shape().timeline())
        .extracting(Stage::name)
        .containsExactly("rate-0.5", "rate-20", "rate-10");
    assertThat(Sweep.level(open.load().shape().timeline().get(2))).isEqualTo(10.0);
  }

  @Test
  void aSpawnRateRampsFromThePreviousStagesUsers() {
    Plan plan =
        PlanParser.parse(
                MINIMAL.replace(
                    "stages: [{duration: 30s, users: 1}]",
                    "stages: [{name: warm, duration: 30s, users: 10, spawnRate: 10/s},"
                        + " {name: up, duration: 1m, users: 20, spawnRate: 2/s},"
                        + " {name: down, duration: 10s, users: 5, spawnRate: 5/s}]"),
                null)
            .plan();
    assertThat(plan.load().shape().timeline())
        .extracting(Stage::ramp)
        .containsExactly(
            java.time.Duration.ofSeconds(1),
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofSeconds(3));
    var problems =
        PlanParser.parse(
                MINIMAL.replace(
                    "stages: [{duration: 30s, users: 1}]",
                    "stages: [{duration: 10s, users: 200, spawnRate: 2/s}]"),
                null)
            .problems();
    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactly(
            "$.load.stages[0].spawnRate: reaching 200 users from 0 at 2/s takes 100s, longer than"
                + " the stage's duration (10s)");
  }

  @Test
  void aSaturationSearchGeneratesItsLevelsAndReadsItsLimits() {
    Plan plan =
        PlanParser.parse(
                MINIMAL.replace(
                    "stages: [{duration: 30s, users: 1}]",
                    "saturate: {users: {from: 4, step: 6, max: 24}, duration: 10s,"
                        + " limits: {ttft.p99: 500ms, errorRate: 2%}}"),
                null)
            .plan();
    Saturate s = (Saturate) plan.load().shape();
    assertThat(s.timeline()).extracting(Stage::users).containsExactly(4, 10, 16, 22);
    assertThat(s.limits().gates())
        .extracting(Threshold::key)
        .containsExactly("ttft.p99", "errorRate");
    Plan open =
        PlanParser.parse(
                MINIMAL.replace(
                    "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
                    "load: {mode: open, saturate: {rate: {from: 1/s, factor: 2, max: 16/s},"
                        + " duration: 10s}}"),
                null)
            .plan();
    Saturate o = (Saturate) open.load().shape();
    assertThat(o.timeline())
        .extracting(Stage::name)
        .containsExactly("rate-1", "rate-2", "rate-4", "rate-8", "rate-16");
    assertThat(o.limits().gates()).extracting(Threshold::key).containsExactly("errorRate");
  }

  @Test
  void validationChecksDefaultByProtocolAndAreChecked() {
    Plan plan = PlanParser.parse(MINIMAL + "warmup: {requests: 2, validate: true}\n", null).plan();
    assertThat(plan.warmup()).isEqualTo(new Warmup(2, new Warmup.Validation(1, null)));
    var problems =
        PlanParser.parse(
                MINIMAL + "warmup: {validate: {minOutputTokens: 5, maxOutputTokens: 2}}\n", null)
            .problems();
    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactly(
            "$.warmup.validate.maxOutputTokens: must be at least minOutputTokens (5), was 2");
  }

  @Test
  void keepsTheTextItRead() {
    assertThat(PlanParser.parse(MINIMAL, null).text()).isEqualTo(MINIMAL);
  }

  @Test
  void resolvesARelativeDatasetFileAgainstBaseDir(@TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("p.jsonl"), "{\"prompt\": \"hi\"}\n");

    ParseResult result = PlanParser.parse(MINIMAL + "dataset: {file: p.jsonl}\n", dir);

    assertThat(result.problems()).isEmpty();
    assertThat(((FileDataset) result.plan().dataset()).file()).isEqualTo(dir.resolve("p.jsonl"));
  }

  @Test
  void readsJsonIndentedWithTabs() {
    String json =
        "{\n\t\"name\": \"tabs\",\n\t\"target\": {\"protocol\": \"openai-chat\", \"url\":"
            + " \"http://h:1\"},\n\t\"models\": [\"m\"],\n\t\"load\": {\"mode\": \"open\","
            + " \"stages\": [{\"duration\": \"1s\", \"rate\": \"1/s\"}]}\n}";

    assertThat(PlanParser.parse(json, null).problems()).isEmpty();
  }

  @Test
  void aSyntaxErrorIsOneProblemAtTheRootWithLineAndColumn() {
    ParseResult result = PlanParser.parse("name: x\nmodels: [a, b\n", null);

    assertThat(result.plan()).isNull();
    assertThat(result.problems()).hasSize(1);
    assertThat(result.problems().get(0).path()).isEqualTo("$");
    assertThat(result.problems().get(0).message())
        .startsWith("is not valid YAML or JSON at line ")
        .contains("column");
  }

  @Test
  void aDuplicateKeyIsASyntaxError() {
    ParseResult result = PlanParser.parse(MINIMAL + "name: again\n", null);

    assertThat(result.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("Duplicate field 'name'"));
  }

  @Test
  void anUnreadableFileIsOneProblemAtTheRoot(@TempDir Path dir) {
    Path missing = dir.resolve("missing.yaml");

    ParseResult result = PlanParser.parse(missing);

    assertThat(result.ok()).isFalse();
    assertThat(result.text()).isNull();
    assertThat(result.problems())
        .containsExactly(
            new Problem("$", "cannot read the plan file " + missing + ": no such file"));
  }

  @Test
  void anEmptyTextIsAProblem() {
    assertThat(PlanParser.parse("# nothing\n", null).problems())
        .extracting(Problem::path)
        .containsExactly("$");
  }

  @Test
  void problemPrintsAsPathColonMessage() {
    assertThat(new Problem("$.maxTokens", "must be a positive whole number, was '0'"))
        .hasToString("$.maxTokens: must be a positive whole number, was '0'");
  }
}
