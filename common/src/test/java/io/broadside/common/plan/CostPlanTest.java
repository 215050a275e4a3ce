package io.broadside.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.testing.Schemas;
import org.junit.jupiter.api.Test;

class CostPlanTest {
  @Test
  void anInstanceNamedFromATableOfPricesGivesItsPrice() {
    String plan =
        PlanParserTest.MINIMAL
            + "cost: {instances: {g5.2xlarge: 1.212, g5.12xlarge: 5.672}, instance: g5.2xlarge}\n";

    ParseResult parsed = PlanParser.parse(plan, null);

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.plan().cost()).isEqualTo(new Cost(1.212));
    assertThat(Schemas.violations(Schemas.PLAN, plan)).isEmpty();
  }

  @Test
  void rejectsAnInstanceNotInTheTableAndAPriceGivenTwice() {
    String unknown =
        PlanParserTest.MINIMAL + "cost: {instances: {g5.2xlarge: 1.212}, instance: g5.xlarge}\n";
    String twice =
        PlanParserTest.MINIMAL
            + "cost: {usdPerHour: 2, instances: {g5.2xlarge: 0}, instance: g5.2xlarge}\n";

    assertThat(PlanParser.parse(unknown, null).problems())
        .extracting(Problem::toString)
        .containsExactly(
            "$.cost.instance: must be one of the instances (g5.2xlarge), was 'g5.xlarge'");
    assertThat(PlanParser.parse(twice, null).problems())
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "$.cost.usdPerHour: must not be given with instance and instances, was '2'",
            "$.cost.instances['g5.2xlarge']: must be a positive number, was '0'");
    assertThat(Schemas.violations(Schemas.PLAN, twice)).isNotEmpty();
  }
}
