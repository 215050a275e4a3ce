package io.broadside.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's bundle: what a parse names is what travels, hashed; reading an archive keeps every entry
 * inside its folder and within the limits, whatever the archive claims.
 */
class PlanBundleTest {
  @TempDir Path dir;

  private static final String PLAN =
      """
      name: p
      target: {protocol: openai-completions, url: http://127.0.0.1:8000}
      models: [m]
      dataset: {file: data/prompts.jsonl}
      load: {mode: closed, stages: [{duration: 1s, users: 1}]}
      """;

  @Test
  void aParseRecordsTheFilesItNamesAndTheyRoundTrip() throws Exception {
    Path plans = Files.createDirectories(dir.resolve("plans/data"));
    Files.writeString(plans.resolve("prompts.jsonl"), "{\"prompt\": \"hello there\"}\n");
    Files.writeString(plans.resolve("unrelated.txt"), "not named by the plan");
    PlanFiles files = PlanFiles.besidePlan(dir.resolve("plans")).recording();
    assertThat(PlanParser.parseWith(PLAN, files).ok()).isTrue();
    assertThat(files.used()).containsExactly(plans.resolve("prompts.jsonl"));

    List<PlanBundle.File> manifest = PlanBundle.manifest(dir.resolve("plans"), files.used());
    assertThat(manifest).hasSize(1);
    assertThat(manifest.get(0).path()).isEqualTo("data/prompts.jsonl");
    assertThat(manifest.get(0).sha256())
        .isEqualTo(PlanBundle.sha256(plans.resolve("prompts.jsonl")))
        .hasSize(64);

    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    PlanBundle.write(PLAN, dir.resolve("plans"), files.used(), zip);
    Path out = dir.resolve("unpacked");
    String text =
        PlanBundle.unpack(
            new ByteArrayInputStream(zip.toByteArray()), out, PlanBundle.Limits.DEFAULT);
    assertThat(text).isEqualTo(PLAN);
    assertThat(out.resolve("data/prompts.jsonl"))
        .hasSameTextualContentAs(plans.resolve("prompts.jsonl"));
    assertThat(out.resolve("data/unrelated.txt")).doesNotExist();
    // the plan parses again against its bundle alone
    assertThat(PlanParser.parseWith(text, PlanFiles.inside(out, "the plan's bundle")).ok())
        .isTrue();
  }

  @Test
  void aSecretFileNeverTravels() throws Exception {
    Path plans = Files.createDirectories(dir.resolve("s"));
    Files.writeString(plans.resolve("token"), "secret");
    PlanFiles files = PlanFiles.besidePlan(plans).recording();
    ParseResult r =
        PlanParser.parseWith(
            """
            name: p
            target: {protocol: openai-completions, url: http://127.0.0.1:8000, auth: {bearerFile: token}}
            models: [m]
            load: {mode: closed, stages: [{duration: 1s, users: 1}]}
            """,
            files);
    assertThat(r.ok()).as(r.problems().toString()).isTrue();
    assertThat(files.used()).isEmpty();
  }

  private static byte[] zipOf(String... namesAndContents) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private String unpackError(byte[] zip, PlanBundle.Limits limits) {
    Path out = dir.resolve("x" + System.nanoTime());
    try {
      PlanBundle.unpack(new ByteArrayInputStream(zip), out, limits);
    } catch (PlanBundle.BundleException e) {
      return e.getMessage();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("accepted");
  }

  @Test
  void entriesThatLeaveTheFolderAreRefusedAndNothingIsWrittenOutside() throws Exception {
    for (String name :
        List.of("../escape.txt", "/etc/passwd", "a/../../b", "c:\\x", "a\\..\\b", "./a")) {
      assertThat(unpackError(zipOf("plan.yaml", "name: p", name, "x"), PlanBundle.Limits.DEFAULT))
          .as(name)
          .contains("the archive's entry");
    }
    assertThat(dir.resolve("escape.txt")).doesNotExist();
  }

  @Test
  void limitsAreCountedWhileUnpacking() throws Exception {
    assertThat(
            unpackError(
                zipOf("plan.yaml", "p", "a", "1", "b", "2"), new PlanBundle.Limits(2, 1 << 20)))
        .contains("more than 2 files");
    // a megabyte of zeros compresses to a kilobyte: the limit counts what it unpacks to
    assertThat(
            unpackError(
                zipOf("plan.yaml", "p", "big", "0".repeat(1 << 20)),
                new PlanBundle.Limits(10, 1000)))
        .contains("unpacks to more than");
    assertThat(unpackError(zipOf("data.json", "{}"), PlanBundle.Limits.DEFAULT))
        .contains("holds no plan");
    assertThat(unpackError("not a zip".getBytes(StandardCharsets.UTF_8), PlanBundle.Limits.DEFAULT))
        .contains("holds no plan");
  }

  @Test
  void problemsFindTheirLines() {
    PlanLines lines =
        PlanLines.of(
            """
            name: p
            target: {protocol: openai-chat}
            load:
              mode: closed
              stages:
                - {duration: 1s, users: 1}
                - duration: 0s
                  users: -1
            thresholds: {'ttft.p99': 1s}
            """);
    assertThat(lines.line("$.name")).isEqualTo(1);
    assertThat(lines.line("$.target.protocol")).isEqualTo(2);
    assertThat(lines.line("$.load.stages[1].users")).isEqualTo(8);
    assertThat(lines.line("$.load.stages[0]")).isEqualTo(6);
    assertThat(lines.line("$.thresholds['ttft.p99']")).isEqualTo(9);
    // a path the text does not hold: its deepest part that it does
    assertThat(lines.line("$.load.stages[1].ramp")).isEqualTo(7);
    assertThat(lines.line("$")).isNull();
  }
}
