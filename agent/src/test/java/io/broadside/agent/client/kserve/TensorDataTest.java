package io.broadside.agent.client.kserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.broadside.common.plan.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tensor elements from {@code fill: file}: flat or nested JSON arrays, checked by datatype. */
class TensorDataTest {
  @TempDir Path dir;

  private Tensor tensor(String datatype, List<Long> shape, String json) throws Exception {
    Path file = Files.writeString(dir.resolve("t.json"), json);
    return new Tensor("input-0", shape, datatype, Tensor.Fill.FILE, file);
  }

  @Test
  void aNestedArrayIsReadRowMajor() throws Exception {
    TensorData data = TensorData.of(tensor("FP32", List.of(2L, 3L), "[[1, 2, 3], [4.5, 5, 6]]"), 1);

    assertThat(data.values()).containsExactly(1.0, 2.0, 3.0, 4.5, 5.0, 6.0);
  }

  @Test
  void aFlatArrayOfBytesOrIntegersIsReadAsWritten() throws Exception {
    assertThat(TensorData.of(tensor("BYTES", List.of(2L), "[\"a\", \"bc\"]"), 1).values())
        .containsExactly("a", "bc");
    assertThat(TensorData.of(tensor("INT64", List.of(1L, 2L), "[7, 8]"), 1).values())
        .containsExactly(7L, 8L);
  }

  @Test
  void aWrongElementOrCountIsNamed() throws Exception {
    Tensor wrongType = tensor("INT32", List.of(2L, 2L), "[[1, 2], [3, \"x\"]]");

    assertThatThrownBy(() -> TensorData.of(wrongType, 1))
        .hasMessageContaining("element [1][1] must be a whole number for INT32, was \"x\"");
    Tensor wrongCount = tensor("FP32", List.of(2L, 2L), "[[1, 2], [3]]");
    assertThatThrownBy(() -> TensorData.of(wrongCount, 1))
        .hasMessageContaining("has shape [2, 2] (4 elements) but")
        .hasMessageContaining("holds 3");
  }
}
