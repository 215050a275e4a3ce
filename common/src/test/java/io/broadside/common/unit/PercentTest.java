package io.broadside.common.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PercentTest {
  @ParameterizedTest
  @CsvSource({"5%, 0.05", "0.5%, 0.005", "100%, 1.0", "0%, 0.0", "1%, 0.01", "150%, 1.5"})
  void parsesToAFraction(String text, double fraction) {
    assertThat(Percent.parse(text)).isEqualTo(fraction);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5%", "0.5%", "0%", "12.25%", "100%"})
  void formatThenParseGivesTheSameFraction(String text) {
    assertThat(Percent.format(Percent.parse(text))).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "0.05", "%", "-1%", "5 %", "five%", "5%%"})
  void rejectsJunk(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Percent.parse(text))
        .withMessage("must be a percentage such as 1%, was '" + text + "'");
  }
}
