package io.broadside.common.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateTest {
  @ParameterizedTest
  @CsvSource({"20/s, 20", "600/m, 10", "36000/h, 10", "0.5/s, 0.5", "90/m, 1.5"})
  void parsesPerSecondMinuteAndHour(String text, double perSecond) {
    assertThat(Rate.parse(text).perSecond()).isEqualTo(perSecond);
  }

  @ParameterizedTest
  @CsvSource({
    "20/s, 20/s",
    "600/m, 10/s",
    "0.5/s, 0.5/s",
    "1/m, 1/m",
    "2.5/m, 150/h",
    "1/h, 1/h",
    "0.125/s, 0.125/s"
  })
  void formatsInTheSimplestExactUnit(String text, String expected) {
    assertThat(Rate.parse(text).format()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"20/s", "0.5/s", "1/m", "7/h", "150/h", "1000000/s", "0.001/s"})
  void formatThenParseGivesTheSameRate(String text) {
    Rate rate = Rate.parse(text);
    assertThat(Rate.parse(rate.format()).perSecond()).isCloseTo(rate.perSecond(), within(1e-12));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"0/s", "0.0/m", "20", "20/", "/s", "20/d", "20 /s", "-5/s", "20/S", "2e1/s"})
  void rejectsJunkAndZero(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Rate.parse(text))
        .withMessage("must be a positive rate such as 20/s, was '" + text + "'");
  }

  @Test
  void intervalIsTheGapBetweenEvents() {
    assertThat(Rate.parse("20/s").intervalNanos()).isEqualTo(50_000_000L);
  }
}
