package io.broadside.common.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "30s, PT30S",
    "4m, PT4M",
    "1h, PT1H",
    "1.5s, PT1.5S",
    "500us, PT0.0005S",
    "100ns, PT0.0000001S",
    "0s, PT0S",
    "0.25h, PT15M"
  })
  void parsesEveryUnit(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "PT0.25S, 250ms",
    "PT30S, 30s",
    "PT4M, 4m",
    "PT2H, 2h",
    "PT1M30S, 90s",
    "PT1.5S, 1500ms",
    "PT0.0005S, 500us",
    "PT0.000000001S, 1ns",
    "PT0S, 0s"
  })
  void formatsInTheLargestWholeUnit(Duration duration, String expected) {
    assertThat(Durations.format(duration)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"250ms", "30s", "4m", "1h", "1.5s", "500us", "7ns", "0.1s", "2.5h"})
  void formatThenParseGivesTheSameDuration(String text) {
    Duration duration = Durations.parse(text);
    assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "30", "0", "s", "30 s", "30S", "1m30s", "1e3ms", ".5s", "5.s", "+5s", "30d"})
  void rejectsJunkNamingTheExpectedForm(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse(text))
        .withMessageStartingWith("must be a duration")
        .withMessageContaining("such as 30s")
        .withMessageEndingWith("was '" + text + "'");
  }

  @Test
  void quotesTheBadTextExactly() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("30"))
        .withMessage("must be a duration such as 30s, was '30'");
  }

  @Test
  void namesTheUnitsForAnUnknownUnit() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("30sec"))
        .withMessage(
            "must be a duration with a unit of ns, us, ms, s, m or h, such as 30s, was '30sec'");
  }

  @Test
  void rejectsNegative() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("-5s"))
        .withMessageContaining("must not be negative");
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.format(Duration.ofSeconds(-5)));
  }

  @Test
  void rejectsFractionsOfANanosecondAndOverflow() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("0.5ns"))
        .withMessageContaining("whole number of nanoseconds");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("9999999999h"))
        .withMessageContaining("at most 292 years");
  }
}
