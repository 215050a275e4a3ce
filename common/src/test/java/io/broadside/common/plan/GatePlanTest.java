package io.broadside.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.testing.Schemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatePlanTest {
  @TempDir Path dir;

  @Test
  void aGateNamesItsBaselineDirectoryRelativeToThePlanAndItsLimits() throws Exception {
    Files.createDirectories(dir.resolve("runs/last-release"));
    String plan =
        PlanParserTest.MINIMAL
            + "gate: {baseline: runs/last-release, threshold: 3%,"
            + " metrics: {tpot.p99: 5%, ttft.p50: +10%, throughput: -5%}}\n";

    ParseResult parsed = PlanParser.parse(plan, dir);

    assertThat(parsed.problems()).isEmpty();
    Gate gate = parsed.plan().gate();
    assertThat(gate.baseline()).isEqualTo("runs/last-release");
    assertThat(gate.baselineDir()).isEqualTo(dir.resolve("runs/last-release").toAbsolutePath());
    assertThat(gate.threshold()).isEqualTo(0.03);
    assertThat(gate.limits())
        .containsExactly(
            Map.entry("tpot.p99", 0.05),
            Map.entry("ttft.p50", 0.10),
            Map.entry("throughput", 0.05));
    assertThat(Schemas.violations(Schemas.PLAN, plan)).isEmpty();
  }

  @Test
  void aGateWithoutMetricsComparesTheDefaultsAtFivePercentAndARunIdHasNoDirectory() {
    ParseResult parsed =
        PlanParser.parse(PlanParserTest.MINIMAL + "gate: {baseline: 20261202-a1b2}\n", dir);

    Gate gate = parsed.plan().gate();
    assertThat(gate.baselineDir()).isNull();
    assertThat(gate.limits()).containsOnlyKeys(Gate.DEFAULT_METRICS);
    assertThat(gate.limits().values()).containsOnly(0.05);
    assertThat(PlanParser.parse(PlanParserTest.MINIMAL, dir).plan().gate()).isNull();
  }

  @Test
  void rejectsABadGateListingEveryProblemWithItsPath() {
    String plan =
        PlanParserTest.MINIMAL
            + "gate: {threshold: five, metrics: {tpot.p98: 5%, throughput: +5%, e2e.p99: -5%,"
            + " ttft.p50: fast}, baselin: x}\n";

    assertThat(PlanParser.parse(plan, dir).problems())
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "$.gate.baselin: unknown field 'baselin'; did you mean 'baseline'?",
            "$.gate.baseline: is required",
            "$.gate.threshold: must be a percentage such as 1%, was 'five'",
            "$.gate.metrics['tpot.p98']: unknown metric 'tpot.p98'; did you mean 'tpot.p90'?",
            "$.gate.metrics.throughput: throughput gets worse as it falls: write the allowed"
                + " fall, e.g. -5%, was '+5%'",
            "$.gate.metrics['e2e.p99']: a latency gets worse as it grows: write the allowed rise,"
                + " e.g. 5%, was '-5%'",
            "$.gate.metrics['ttft.p50']: must be an allowed change such as 5%, was 'fast'");
    assertThat(Schemas.violations(Schemas.PLAN, plan)).isNotEmpty();
  }
}
