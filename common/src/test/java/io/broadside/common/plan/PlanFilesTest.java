package io.broadside.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a plan may name: inside its folder (or the coordinator's plan root), never in an
 * excluded folder, never through a link out; a refusal shows neither the absolute path nor a line
 * of the file.
 */
class PlanFilesTest {
  private static final String SECRET = "aws_secret_access_key = wJalrXUtnFEMI";

  @TempDir Path dir;

  private List<Problem> problems(PlanFiles files, String trace) {
    String plan =
        PlanParserTest.MINIMAL.replace(
            "load: {mode: closed, stages: [{duration: 30s, users: 1}]}",
            "load: {mode: open, trace: {file: '" + trace + "', format: counts}}");
    return PlanParser.parseWith(plan, files).problems();
  }

  private Path root() throws Exception {
    Path root = Files.createDirectories(dir.resolve("plans"));
    Files.writeString(root.resolve("counts.csv"), "minute,requests\n0,5\n1,7\n");
    return root;
  }

  @Test
  void aFileInsideTheFolderIsRead() throws Exception {
    assertThat(problems(PlanFiles.besidePlan(root()), "counts.csv")).isEmpty();
    Path root = root();
    assertThat(problems(PlanFiles.besidePlan(root), root.resolve("counts.csv").toString()))
        .as("an absolute name inside the folder")
        .isEmpty();
  }

  @Test
  void nothingOutsideTheFolderIsReadAndNoPathOrLineComesBack() throws Exception {
    Path root = root();
    Path secret = Files.writeString(dir.resolve("credentials"), SECRET + "\n");
    Path data = Files.createDirectories(root.resolve("runs"));
    Files.writeString(data.resolve("plan.yaml"), SECRET + "\n");
    Files.createSymbolicLink(root.resolve("link.csv"), secret);
    PlanFiles files = PlanFiles.besidePlan(root).excluding(data, "the coordinator's data folder");
    for (String name :
        List.of("/etc/passwd", secret.toString(), "../credentials", "link.csv", "runs/plan.yaml")) {
      List<Problem> problems = problems(files, name);
      assertThat(problems).as(name).hasSize(1);
      Problem p = problems.get(0);
      assertThat(p.path()).isEqualTo("$.load.trace.file");
      assertThat(p.message())
          .as(name)
          .doesNotContain(dir.toString())
          .doesNotContain("/etc")
          .doesNotContain("root:")
          .doesNotContain("wJalr")
          .doesNotContain(SECRET);
    }
    assertThat(problems(files, "/etc/passwd").get(0).message())
        .isEqualTo("must name a file inside the plan's folder, was an absolute path");
    assertThat(problems(files, "../credentials").get(0).message())
        .isEqualTo("must name a file inside the plan's folder, was '../credentials'");
    assertThat(problems(files, "link.csv").get(0).message()).contains("a link out");
    assertThat(problems(files, "runs/plan.yaml").get(0).message())
        .isEqualTo("must not name a file in the coordinator's data folder, was 'runs/plan.yaml'");
  }

  @Test
  void aPlanWithoutAFolderNamesNoFile() throws Exception {
    root();
    List<Problem> problems = problems(PlanFiles.none("a plan sent here may not"), "counts.csv");
    assertThat(problems)
        .extracting(Problem::message)
        .containsExactly("names a file, which a plan sent here may not");
  }

  @Test
  void aFileThatIsNoTraceGivesItsLineNumberNotItsLine() throws Exception {
    Path root = root();
    Files.writeString(root.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\nx,y\n");
    List<Problem> problems = problems(PlanFiles.besidePlan(root), "passwd");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).message()).startsWith("passwd:2: ").doesNotContain("root", "x,y");
  }
}
