package io.broadside.common.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The six numbers and the readiness curve of a scale study, against hand-computed values. */
class ScaleStudyTest {
  @Test
  void quartilesInterpolateBetweenOrderStatisticsAsRAndNumpyDo() {
    // numpy.percentile([1, 2, 3, 4, 10], [25, 50, 75, 90]) = 2, 3, 4, 7.6
    Summary.Spread s = ScaleStudy.spread(new double[] {10, 3, 1, 4, 2});
    assertThat(s.count()).isEqualTo(5);
    assertThat(List.of(s.min(), s.q1(), s.median(), s.q3(), s.max()))
        .containsExactly(1.0, 2.0, 3.0, 4.0, 10.0);
    assertThat(s.p90()).isCloseTo(7.6, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(ScaleStudy.spread(new double[0]).median()).isNull();
  }

  @Test
  void theCurveCountsCreatedAndReadyModelsOverTime() {
    long start = 1_000_000_000L;
    List<ScaleStudy.ModelTimes> models =
        List.of(
            new ScaleStudy.ModelTimes("a", start, start + 2_000_000, null),
            new ScaleStudy.ModelTimes("b", start + 1_000_000, start + 4_000_000, null),
            new ScaleStudy.ModelTimes("c", start + 1_000_000, null, null),
            new ScaleStudy.ModelTimes("d", null, null, "exited with 1: forbidden"));
    Summary.Scale s = ScaleStudy.summarize(models, start, null, true);
    assertThat(s.created()).isEqualTo(3);
    assertThat(s.ready()).isEqualTo(2);
    assertThat(s.notReady()).isEqualTo(2);
    assertThat(s.curve())
        .containsExactly(
            new Summary.CurvePoint(0, 1, 0),
            new Summary.CurvePoint(1, 3, 0),
            new Summary.CurvePoint(2, 3, 1),
            new Summary.CurvePoint(4, 3, 2));
    assertThat(s.timeToReadyS().min()).isEqualTo(2.0);
    assertThat(s.timeToReadyS().max()).isEqualTo(3.0);
    assertThat(s.perModel().get(2).error()).isEqualTo("not ready by the timeout");
    assertThat(s.perModel().get(3).error()).isEqualTo("exited with 1: forbidden");
    assertThat(s.verdict())
        .startsWith("2 of 4 models ready; time to ready min 2.00 s")
        .endsWith("not ready: c, d");
    assertThat(s.validationS().count()).isZero();
  }
}
