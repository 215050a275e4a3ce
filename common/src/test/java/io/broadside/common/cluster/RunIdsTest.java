package io.broadside.common.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A run id names one folder: nothing that could climb out of it or name another. */
class RunIdsTest {
  @Test
  void aCoordinatorsIdsAndPlainNamesAreRunIds() {
    assertThat(RunIds.valid("20261203-193126-aa50")).isTrue();
    assertThat(RunIds.valid("release-2.4_final")).isTrue();
  }

  @Test
  void pathsAreNot() {
    char[] long101 = new char[101];
    Arrays.fill(long101, 'a');
    for (String id :
        new String[] {
          null,
          "",
          "..",
          "../etc",
          "a/b",
          "/tmp/x",
          "a\\b",
          ".hidden",
          "-x",
          "a..b",
          "a b",
          "a\nb",
          new String(long101)
        }) {
      assertThat(RunIds.valid(id)).as(String.valueOf(id)).isFalse();
    }
    assertThatThrownBy(() -> RunIds.require("../../etc/cron.d/x")).hasMessageNotContaining("etc");
  }
}
