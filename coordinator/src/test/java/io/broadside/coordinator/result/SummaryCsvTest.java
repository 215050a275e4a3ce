package io.broadside.coordinator.result;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CSV export's text cells: RFC 4180, and nothing a spreadsheet would run as a formula. */
class SummaryCsvTest {
  @Test
  void formulasAreNeutralised() {
    assertThat(SummaryCsv.quote("=HYPERLINK(\"http://x\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
    assertThat(SummaryCsv.quote("+1")).isEqualTo("'+1");
    assertThat(SummaryCsv.quote("-cmd")).isEqualTo("'-cmd");
    assertThat(SummaryCsv.quote("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(SummaryCsv.quote("\tx")).isEqualTo("'\tx");
    assertThat(SummaryCsv.quote("llama-2-7b")).isEqualTo("llama-2-7b");
    assertThat(SummaryCsv.quote("a,b")).isEqualTo("\"a,b\"");
  }
}
