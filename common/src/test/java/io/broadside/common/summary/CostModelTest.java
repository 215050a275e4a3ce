package io.broadside.common.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The arithmetic of the published Llama-2 serving study: a g5.2xlarge at 1.212 USD an hour
 * generating 161.3 output tokens/s takes 103.3 minutes and 2.09 USD per million tokens.
 */
class CostModelTest {
  @Test
  void reproducesThePublishedLlama2CostPerMillionTokens() {
    // the study prints minutes to one decimal: 1e6 / 161.3 / 60 = 103.327...
    assertThat(Math.round(CostModel.minutesPerMillionTokens(161.3) * 10) / 10.0).isEqualTo(103.3);
    assertThat(CostModel.minutesPerMillionTokens(161.3)).isCloseTo(103.33, within(0.01));
    assertThat(CostModel.usdPerMillionTokens(1.212, 161.3)).isCloseTo(2.09, within(0.01));
  }

  @Test
  void hasNoCostWhenNothingWasGenerated() {
    assertThat(CostModel.usdPerMillionTokens(1.212, 0)).isNull();
    assertThat(CostModel.minutesPerMillionTokens(0)).isNull();
  }
}
