package io.broadside.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code $.slices} and {@code $.dataset.sessions}: what they read, and every problem named. */
class SlicesAndSessionsPlanTest {
  @TempDir java.nio.file.Path dir;

  private Plan parse(String more) {
    ParseResult result = PlanParser.parse(PlanParserTest.MINIMAL + more, dir);
    assertThat(result.problems()).isEmpty();
    return result.plan();
  }

  private List<String> problems(String plan) {
    ParseResult result = PlanParser.parse(plan, dir);
    assertThat(result.ok()).isFalse();
    return result.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void slicesReadTheirWeightsAndHeaders() {
    Plan plan =
        parse(
            """
            slices:
              - {name: gold, weight: 3, headers: {x-tenant: acme}}
              - {name: free}
            """);
    assertThat(plan.slices())
        .containsExactly(
            new Slice("gold", 3, Map.of("x-tenant", "acme")), new Slice("free", 1, Map.of()));
    assertThat(parse("").slices()).isEmpty();
  }

  @Test
  void everyProblemOfTheSlicesIsNamed() {
    assertThat(
            problems(
                PlanParserTest.MINIMAL
                    + """
                        slices:
                          - {name: gold, weight: 0}
                          - {name: gold}
                          - {name: "a b"}
                          - free
                        """))
        .containsExactly(
            "$.slices[0].weight: must be a positive number, was '0'",
            "$.slices[1].name: duplicate slice name 'gold', first at $.slices[0].name",
            "$.slices[2].name: must be 1 to 64 letters, digits, '-' or '_' (a label value), was"
                + " 'a b'",
            "$.slices[3]: must be {name, weight, headers}, was 'free'");
    assertThat(
            problems(
                """
                name: grpc
                target: {protocol: tgis, url: http://127.0.0.1:8033}
                models: [m]
                slices: [{name: a, headers: {x-tenant: a}}]
                load: {mode: closed, stages: [{duration: 30s, users: 1}]}
                """))
        .containsExactly(
            "$.slices[0].headers: a slice's headers are sent on HTTP protocols, not on tgis");
  }

  @Test
  void sessionsReadTheirTurnsThinkTimeAndHeader() {
    Sessions fixed =
        parse("dataset: {synthetic: {inputTokens: 8}, sessions: {turns: 4, thinkTime: 2s}}\n")
            .sessions();
    assertThat(fixed)
        .isEqualTo(new Sessions(4, new Sessions.ThinkTime.Fixed(Duration.ofSeconds(2)), null));
    assertThat(
            parse(
                    "dataset: {synthetic: {inputTokens: 8}, sessions: {turns: 2, thinkTime: {min:"
                        + " 1s, max: 3s}, header: x-session-id}}\n")
                .sessions())
        .isEqualTo(
            new Sessions(
                2,
                new Sessions.ThinkTime.Uniform(Duration.ofSeconds(1), Duration.ofSeconds(3)),
                "x-session-id"));
    Sessions.ThinkTime exponential =
        parse(
                "dataset: {synthetic: {inputTokens: 8}, sessions: {turns: 2, thinkTime: {mean:"
                    + " 2s}}}\n")
            .sessions()
            .thinkTime();
    java.util.Random random = new java.util.Random(1);
    double mean = 0;
    for (int i = 0; i < 20_000; i++) {
      mean += exponential.drawNanos(random) / 20_000.0;
    }
    assertThat(mean / 1e9).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
    assertThat(parse("").sessions()).isNull();
  }

  @Test
  void everyProblemOfTheSessionsIsNamed() {
    assertThat(
            problems(
                PlanParserTest.MINIMAL
                    + "dataset: {synthetic: {inputTokens: 8}, sessions: {turns: 100, thinkTime:"
                    + " {min: 2s, max: 1s}, header: \"x session\", size: 2}}\n"))
        .containsExactlyInAnyOrder(
            "$.dataset.sessions.size: unknown field 'size'; known fields are turns, thinkTime,"
                + " header",
            "$.dataset.sessions.turns: must be at most 64, was 100",
            "$.dataset.sessions.thinkTime.max: must be at least min (2s)",
            "$.dataset.sessions.header: must be a header name (a token), was 'x session'");
    assertThat(
            problems(
                """
                name: tgi
                target: {protocol: tgi, url: http://127.0.0.1:8001}
                models: [m]
                dataset: {synthetic: {inputTokens: 8}, sessions: {}}
                load: {mode: closed, stages: [{duration: 30s, users: 1}]}
                """))
        .containsExactlyInAnyOrder(
            "$.dataset.sessions.turns: is required",
            "$.dataset.sessions.turns: sessions send a conversation's history: they need a chat"
                + " protocol (openai-chat, openai-responses), not tgi");
  }
}
