package io.broadside.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanProblemsTest {
  static List<Problem> problems(String text) {
    ParseResult result = PlanParser.parse(text, null);
    assertThat(result.plan()).as("a plan with problems has no plan").isNull();
    return result.problems();
  }

  static List<String> paths(String text) {
    return problems(text).stream().map(Problem::path).toList();
  }

  @Test
  void hookConcurrencyIsBounded() {
    String text =
        PlanParserTest.MINIMAL.replace(
            "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
            "load: {mode: closed, scale: {create: {hook: [/bin/true], concurrency: 64},"
                + " ready: {probe: kserve-v2, timeout: 1m}}}");
    assertThat(problems(text))
        .extracting(Problem::toString)
        .containsExactly(
            "$.load.scale.create.concurrency: must be at most 8 commands at once, was 64");
  }

  @Test
  void chatToolsAreFunctionDefinitionsKeptAsJson() {
    String tools =
        "tools: [{type: function, function: {name: get_weather, parameters: {type: object}}}],"
            + " toolChoice: auto}";
    ParseResult ok =
        PlanParser.parse(
            PlanParserTest.MINIMAL.replace(
                "url: http://127.0.0.1:8000}", "url: http://127.0.0.1:8000, " + tools),
            null);
    assertThat(ok.problems()).isEmpty();
    assertThat(ok.plan().target().tools())
        .isEqualTo(
            "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}]");
    assertThat(ok.plan().target().toolChoice()).isEqualTo("\"auto\"");
    assertThat(
            problems(
                PlanParserTest.MINIMAL.replace(
                    "url: http://127.0.0.1:8000}",
                    "url: http://127.0.0.1:8000, tools: [{type: function, function: {}}]}")))
        .extracting(Problem::toString)
        .containsExactly(
            "$.target.tools[0]: must be {type: function, function: {name: …, parameters: …}}");
    assertThat(
            problems(
                PlanParserTest.MINIMAL.replace(
                    "url: http://127.0.0.1:8000}",
                    "url: http://127.0.0.1:8000, toolChoice: auto}")))
        .extracting(Problem::toString)
        .containsExactly("$.target.toolChoice: needs tools");
  }

  @Test
  void aRerankNeedsItsDocumentsAndOnlyARerankHasThem() {
    String rerank = PlanParserTest.MINIMAL.replace("protocol: openai-chat", "protocol: rerank");
    assertThat(problems(rerank))
        .extracting(Problem::toString)
        .containsExactly(
            "$.target.documents: is required for protocol rerank (the texts each query ranks)");
    ParseResult ok =
        PlanParser.parse(
            rerank.replace(
                "url: http://127.0.0.1:8000}", "url: http://127.0.0.1:8000, documents: [a, b]}"),
            null);
    assertThat(ok.problems()).isEmpty();
    assertThat(ok.plan().target().documents()).containsExactly("a", "b");
    assertThat(
            problems(
                PlanParserTest.MINIMAL.replace(
                    "url: http://127.0.0.1:8000}", "url: http://127.0.0.1:8000, documents: [a]}")))
        .extracting(Problem::toString)
        .containsExactly("$.target.documents: is for protocol rerank only, was openai-chat");
  }

  @Test
  void credentialsInHeadersAreRefusedWithAPointerToAuth() {
    String text =
        PlanParserTest.MINIMAL.replace(
            "url: http://127.0.0.1:8000}",
            "url: http://127.0.0.1:8000, headers: {Authorization: Bearer sk-live, X-Api-Key: k,"
                + " X-Tenant: team-a}}");
    assertThat(problems(text))
        .extracting(Problem::path)
        .containsExactly("$.target.headers.Authorization", "$.target.headers.X-Api-Key");
    assertThat(problems(text))
        .allSatisfy(
            p ->
                assertThat(p.message())
                    .contains("give it with auth (bearerEnv")
                    .doesNotContain("sk-live"));
    // a header that holds no credential stays allowed
    assertThat(
            PlanParser.parse(
                    PlanParserTest.MINIMAL.replace(
                        "url: http://127.0.0.1:8000}",
                        "url: http://127.0.0.1:8000, headers: {X-Tenant: team-a}}"),
                    null)
                .ok())
        .isTrue();
  }

  @Test
  void rejectsPlanListingEveryProblem() {
    String text =
        """
        name: five-errors
        target: {protocol: grpc, url: http://127.0.0.1:8000, foo: 1}
        models: [m]
        maxTokens: 0
        load:
          mode: open
          stages:
            - {duration: 30s, rate: 20/s}
            - {duration: 30s, rate: 0/s}
        slo: {ttft: 500}
        """;

    ParseResult result = PlanParser.parse(text, null);

    assertThat(result.ok()).isFalse();
    assertThat(result.plan()).isNull();
    assertThat(result.problems())
        .extracting(Problem::path)
        .containsExactlyInAnyOrder(
            "$.target.protocol",
            "$.target.foo",
            "$.maxTokens",
            "$.load.stages[1].rate",
            "$.slo.ttft");
  }

  @Test
  void quotesTheBadValueInEachMessage() {
    String text =
        """
        name: quoted
        target: {protocol: grpc, url: localhost:8000, timeout: 30}
        models: [m]
        load: {mode: open, stages: [{duration: 30s, rate: 0/s}]}
        """;

    assertThat(problems(text))
        .containsExactly(
            new Problem(
                "$.target.protocol",
                "must be one of openai-chat, openai-completions, openai-responses, tgi, tgis, caikit,"
                    + " caikit-http, kserve-v1, kserve-v2, kserve-v2-grpc, triton-generate, sagemaker,"
                    + " http, embeddings, rerank,"
                    + " was 'grpc'"),
            new Problem(
                "$.target.url",
                "must be an absolute http or https URL such as http://127.0.0.1:8000,"
                    + " was 'localhost:8000'"),
            new Problem("$.target.timeout", "must be a duration such as 30s, was '30'"),
            new Problem(
                "$.load.stages[0].rate", "must be a positive rate such as 20/s, was '0/s'"));
  }

  @Test
  void refusesTargetOptionsThatDoNotFitItsProtocol() {
    String text =
        """
        name: mixed
        target:
          protocol: kserve-v2
          url: http://127.0.0.1:8002
          stream: true
          auth: {sigv4: {region: us-east-1}}
          tls: {insecure: true}
          sagemaker: {endpoint: ep}
          tensors: [{name: x, shape: [1, 0], datatype: FP33}]
        models: [m]
        load: {mode: closed, stages: [{duration: 1s, users: 1}]}
        """;

    assertThat(problems(text))
        .extracting(Problem::path)
        .containsExactlyInAnyOrder(
            "$.target.auth.sigv4",
            "$.target.tls",
            "$.target.sagemaker",
            "$.target.tensors[0].shape",
            "$.target.tensors[0].datatype",
            "$.target.stream");
  }

  @Test
  void refusesToStreamFromAMultiModelEndpoint() {
    String text =
        """
        name: mme
        target:
          protocol: sagemaker
          url: https://runtime.sagemaker.us-east-1.amazonaws.com
          sagemaker: {endpoint: ep, route: target-model}
        models: [m]
        load: {mode: closed, stages: [{duration: 1s, users: 1}]}
        """;

    assertThat(paths(text)).containsExactly("$.target.stream");
  }

  @Test
  void requiresEachProtocolsOwnSection() {
    String text =
        """
        name: bare
        target: {protocol: sagemaker, url: https://runtime.sagemaker.us-east-1.amazonaws.com}
        models: [m]
        load: {mode: closed, stages: [{duration: 1s, users: 1}]}
        """;

    assertThat(problems(text))
        .containsExactly(
            new Problem(
                "$.target.sagemaker",
                "is required for protocol sagemaker (at least the endpoint)"));
  }

  @Test
  void reportsMissingRequiredFields() {
    assertThat(paths("target: {}\nload: {stages: [{}]}\n"))
        .containsExactly(
            "$.name",
            "$.target.protocol",
            "$.target.url",
            "$.models",
            "$.load.mode",
            "$.load.stages[0].duration");
  }

  @Test
  void suggestsTheClosestKnownKeyForAnUnknownOne() {
    assertThat(problems(PlanParserTest.MINIMAL + "maxTokns: 5\n"))
        .containsExactly(
            new Problem("$.maxTokns", "unknown field 'maxTokns'; did you mean 'maxTokens'?"));
  }

  @Test
  void listsTheKnownKeysWhenNoneIsClose() {
    assertThat(problems(PlanParserTest.MINIMAL.replace("models: [m]", "models: [{name: m, x: 1}]")))
        .containsExactly(
            new Problem("$.models[0].x", "unknown field 'x'; known fields are name, weight, url"));
  }

  @Test
  void aFeedbackLoopListsEveryProblem() {
    String text =
        PlanParserTest.MINIMAL.replace(
            "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
            "load: {mode: open, feedback: {prometheus: localhost:9090, query: up, target: 0,"
                + " users: {from: 9, max: 8}, duration: 10s, warmup: 2s, steps: 2, hold: 3}}");

    assertThat(problems(text))
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "$.load.feedback: adjusts users: it needs mode closed (mode is open)",
            "$.load.feedback.prometheus: must be an absolute http or https URL such as"
                + " http://127.0.0.1:8000, was 'localhost:9090'",
            "$.load.feedback.target: must be a positive number, was '0'",
            "$.load.feedback.tolerance: is required",
            "$.load.feedback.users.from: must lie between min (1) and max (8)",
            "$.load.feedback.hold: must be at most steps (2), was 3");
  }

  @Test
  void aBisectionSearchesUsersWithALeadIn() {
    String text =
        PlanParserTest.MINIMAL.replace(
            "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
            "load: {mode: closed, saturate: {search: bisect, users: [1, 2], duration: 5s}}");

    assertThat(problems(text))
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "$.load.saturate.warmup: is required",
            "$.load.saturate.users: must be {from, max} for search: bisect");
    Plan plan =
        PlanParser.parse(
                PlanParserTest.MINIMAL.replace(
                    "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
                    "load: {mode: closed, saturate: {search: bisect, users: {from: 4, max: 256},"
                        + " precision: 2, duration: 5s, warmup: 1s}}"),
                null)
            .plan();
    Saturate search = (Saturate) plan.load().shape();
    // 4→256 is 6 doublings, then 256 is halved 7 times down to 2: 14 steps at most
    assertThat(search.bisect().maxSteps()).isEqualTo(14);
    assertThat(search.timeline()).hasSize(28);
    assertThat(search.measuredStageNames()).startsWith("step-1", "step-2").hasSize(14);
    assertThat(search.timeline().get(0).users()).isEqualTo(4);
    assertThat(search.timeline().get(1).users()).isNull();
  }

  @Test
  void aScaleStudyListsEveryProblem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("created.csv"),
        "model,created\nm-1,2026-12-02T01:00:00Z\nm-2,yesterday\nm-9,1764637200\n");
    String text =
        PlanParserTest.MINIMAL
            .replace("models: [m]", "models: {prefix: m-, count: 3, url: 'ftp://${model}'}")
            .replace(
                "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
                "load: {mode: open, scale: {create: {hook: [], every: 1s}, ready: {probe: http},"
                    + " validate: -1}}");
    assertThat(problems(text))
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "$.models.url: must be an absolute http or https URL, ${model} standing for each"
                + " model's name, such as http://${model}-predictor.models.svc, was 'ftp://${model}'",
            "$.load.scale: validates each model with requests one at a time: mode must be closed",
            "$.load.scale.validate: must be a whole number >= 0, was '-1'",
            "$.load.scale.ready.probe: must be one of kserve-v2, kserve-v1, inference, was 'http'",
            "$.load.scale.ready.timeout: is required",
            "$.load.scale.create.hook: must name a command, was []");
    String files =
        PlanParserTest.MINIMAL
            .replace("models: [m]", "models: {prefix: m-, count: 3}")
            .replace(
                "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
                "load: {mode: closed, scale: {create: {timestamps: created.csv},"
                    + " ready: {probe: kserve-v2, timeout: 1m}}}");
    assertThat(PlanParser.parse(files, dir).problems())
        .extracting(Problem::toString)
        .containsExactly(
            // the file's name and line numbers, never its path or a line of it
            "$.load.scale.create.timestamps: created.csv must give each model of the plan a"
                + " creation time (<model>,<ISO-8601 instant or epoch seconds>): line 3: is no"
                + " <model>,<creation time>; line 4: names a model that is not in the plan's"
                + " models; 2 model(s) without a creation time, e.g. m-2, m-3");
  }

  @Test
  void aScaleStudyReadsCreationTimes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("created.csv"), "m-1,2026-12-02T01:00:00.5Z\nm-2,1764637200.25\n");
    Plan plan =
        PlanParser.parse(
                PlanParserTest.MINIMAL
                    .replace(
                        "models: [m]",
                        "models: {prefix: m-, count: 2, url: 'http://${model}.svc:8080'}")
                    .replace(
                        "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
                        "load: {mode: closed, scale: {create: {timestamps: created.csv},"
                            + " ready: {probe: kserve-v1, timeout: 1m}}}"),
                dir)
            .plan();
    assertThat(plan.models()).extracting(Model::name).containsExactly("m-1", "m-2");
    assertThat(plan.models().get(1).url()).hasToString("http://m-2.svc:8080");
    Scale scale = (Scale) plan.load().shape();
    assertThat(scale.create().createdUs())
        .containsEntry("m-1", 1_796_173_200_500_000L)
        .containsEntry("m-2", 1_764_637_200_250_000L);
    assertThat(scale.validate()).isEqualTo(1);
    assertThat(scale.interval()).hasSeconds(1);
  }

  @Test
  void aCapacitySearchListsEveryProblem() {
    String text =
        PlanParserTest.MINIMAL
            .replace("models: [m]", "models: {prefix: m-, count: 3}")
            .replace(
                "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
                "load: {mode: closed, capacity: {step: 5s, maxModels: 4,"
                    + " memory: {query: up, hook: [x], limit: 0.9}, mix: {users: 0}}}");
    assertThat(problems(text))
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "$.load.capacity.warmup: is required",
            "$.load.capacity.maxModels: must be at most the plan's 3 models, was 4",
            "$.load.capacity.memory: must have exactly one of 'query' (with 'prometheus') or"
                + " 'hook'",
            "$.load.capacity.mix.users: must be a positive whole number, was '0'",
            "$.load.capacity.mix.duration: is required");
    Capacity c =
        (Capacity)
            PlanParser.parse(
                    PlanParserTest.MINIMAL
                        .replace("models: [m]", "models: {prefix: m-, count: 3}")
                        .replace(
                            "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
                            "load: {mode: closed, capacity: {step: 5s, warmup: 1s,"
                                + " mix: {users: 4, duration: 1m}}}"),
                    null)
                .plan()
                .load()
                .shape();
    // three steps of a lead-in and a step, then the mix
    assertThat(c.timeline()).hasSize(7);
    assertThat(c.mixIndex()).isEqualTo(6);
    assertThat(c.timeline().get(6).name()).isEqualTo("mix");
    assertThat(c.limit()).isNull();
  }

  @Test
  void aSweepListsEveryProblemOfItsLevels() {
    String text =
        PlanParserTest.MINIMAL.replace(
            "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
            "load: {mode: closed, sweep: {users: [1, 0, 2, 2, x], rate: [1/s], warmup: -1s}}");

    assertThat(problems(text))
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "$.load.sweep.duration: is required",
            "$.load.sweep.warmup: must not be negative: a duration such as 30s, was '-1s'",
            "$.load.sweep.rate: only applies to open mode (closed mode sweeps users), was [\"1/s\"]",
            "$.load.sweep.users[1]: must be a positive whole number of users, was 0",
            "$.load.sweep.users[3]: repeats the level 2; each level is held once",
            "$.load.sweep.users[4]: must be a positive whole number of users, was \"x\"");
  }

  @Test
  void requiresExactlyOneLoadShape() {
    assertThat(paths(PlanParserTest.MINIMAL.replace(", stages: [{duration: 30s, users: 1}]", "")))
        .containsExactly("$.load");
    assertThat(
            problems(
                PlanParserTest.MINIMAL.replace(
                    "load: {mode: closed,", "load: {mode: closed, burst: {requests: 5},")))
        .extracting(Problem::toString)
        .containsExactly("$.load: must have exactly one load shape, has burst, stages");
  }

  @Test
  void optionsOfTheOtherLoadModeAreProblems() {
    String closed =
        """
        name: closed
        target: {protocol: openai-chat, url: http://h:1}
        models: [m]
        load:
          mode: closed
          arrival: poisson
          maxConcurrency: 4
          overflow: drop
          stages: [{duration: 30s, users: 1, rate: 2/s}]
        """;
    String open =
        """
        name: open
        target: {protocol: openai-chat, url: http://h:1}
        models: [m]
        load:
          mode: open
          thinkTime: 1s
          stages: [{duration: 30s, users: 1}]
        """;

    assertThat(paths(closed))
        .containsExactly(
            "$.load.arrival", "$.load.maxConcurrency", "$.load.overflow", "$.load.stages[0].rate");
    assertThat(problems(open))
        .extracting(Problem::toString)
        .containsExactly(
            "$.load.thinkTime: only applies to closed mode (mode is open), was '1s'",
            "$.load.stages[0].users: only applies to closed mode (open mode uses rate), was '1'",
            "$.load.stages[0].rate: is required");
  }

  @Test
  void aRampLongerThanItsStageIsAProblem() {
    String text = PlanParserTest.MINIMAL.replace("users: 1}", "users: 1, ramp: 1m}");

    assertThat(problems(text))
        .containsExactly(
            new Problem(
                "$.load.stages[0].ramp",
                "must not be longer than the stage's duration (30s), was '1m'"));
  }

  @Test
  void namesMustBeUnique() {
    String text =
        """
        name: dupes
        target: {protocol: openai-chat, url: http://h:1}
        models: [m, {name: m}]
        load:
          mode: closed
          stages: [{name: a, duration: 1s, users: 1}, {name: a, duration: 1s, users: 2}]
        """;

    assertThat(problems(text))
        .extracting(Problem::toString)
        .containsExactly(
            "$.models[1].name: duplicate model name 'm', first at $.models[0]",
            "$.load.stages[1].name: duplicate stage name 'a', first at $.load.stages[0].name");
  }

  @Test
  void aDatasetHasExactlyOneSourceAndItsFileMustExist() {
    assertThat(problems(PlanParserTest.MINIMAL + "dataset: {seed: 1}\n"))
        .containsExactly(
            new Problem(
                "$.dataset", "must have exactly one of 'file' or 'synthetic', has neither"));
    assertThat(paths(PlanParserTest.MINIMAL + "dataset: {file: no-such.jsonl}\n"))
        .containsExactly("$.dataset.file");
    assertThat(
            paths(
                PlanParserTest.MINIMAL
                    + "dataset: {synthetic: {inputTokensStddev: -1}, sampling: shuffled}\n"))
        .containsExactly(
            "$.dataset.sampling",
            "$.dataset.synthetic.inputTokens",
            "$.dataset.synthetic.inputTokensStddev");
  }

  @Test
  void thresholdKeysAndLimitsAreChecked() {
    String text =
        PlanParserTest.MINIMAL
            + "thresholds: {ttft.p98: 1s, errorRate: 200%, e2e.p99: 800, tokens: 5}\n";

    assertThat(problems(text))
        .extracting(Problem::toString)
        .containsExactly(
            "$.thresholds['ttft.p98']: unknown threshold 'ttft.p98'; did you mean 'ttft.p90'?",
            "$.thresholds.errorRate: must be at most 100%, was '200%'",
            "$.thresholds['e2e.p99']: must be a duration such as 30s, was '800'",
            "$.thresholds.tokens: unknown threshold 'tokens'; a threshold is errorRate or"
                + " <metric>.<stat> with metric one of e2e, ttft, ttfc, tpot, itl, queue, service,"
                + " cold, ttfr, ttfa, answer_tpot and stat one of mean, p50, p90, p95, p99, p999,"
                + " max");
  }

  @Test
  void wrongTypesAreProblems() {
    String text =
        """
        name: [x]
        tags: {a: {b: c}}
        target: http://h:1
        models: m
        load: {mode: closed, stages: [{duration: 30s, users: 1.5}]}
        warmup: {requests: many}
        cost: {usdPerHour: 0}
        onAgentLoss: ignore
        """;

    assertThat(problems(text))
        .extracting(Problem::toString)
        .containsExactly(
            "$.name: must be a single value, not a list or object, was [\"x\"]",
            "$.tags.a: must be a string, was {\"b\":\"c\"}",
            "$.target: must be an object, was 'http://h:1'",
            "$.models: must be a list, was 'm'",
            "$.load.stages[0].users: must be a whole number >= 0, was '1.5'",
            "$.warmup.requests: must be a whole number >= 0, was 'many'",
            "$.cost.usdPerHour: must be a positive number, was '0'",
            "$.onAgentLoss: must be one of fail, continue, rebalance, was 'ignore'");
  }

  @Test
  void aRootThatIsNotAnObjectIsOneProblem() {
    assertThat(problems("- a\n- b\n"))
        .containsExactly(
            new Problem(
                "$", "must be a plan with name, target, models and load, was [\"a\",\"b\"]"));
  }
}
