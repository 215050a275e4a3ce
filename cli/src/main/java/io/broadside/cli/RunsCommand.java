package io.broadside.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code broadside runs}: a coordinator's run history, newest first, with its key figures. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List a coordinator's runs, newest first, with their key figures.")
final class RunsCommand implements Callable<Integer> {
  @Mixin RemoteOptions remote;

  @Option(
      names = "--tag",
      paramLabel = "KEY[:VALUE]",
      description = "only runs with this tag (key, or key:value)")
  String tag;

  @Override
  public Integer call() {
    return Remote.call(
        () -> {
          RemoteCoordinator c = remote.client();
          RemoteCoordinator.Answer a =
              c.get(
                  "/api/v1/runs"
                      + (tag == null
                          ? ""
                          : "?tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8)));
          if (a.status() != 200) {
            System.out.println("the coordinator answered HTTP " + a.status() + ": " + a.error());
            return ExitCode.RUN_FAILED;
          }
          print(a.json(), System.out);
          return ExitCode.PASSED;
        });
  }

  static void print(JsonNode runs, PrintStream out) {
    String format = "%-22s %-10s %-24s %-20s %9s %9s %9s %10s %10s %8s%n";
    out.printf(
        Locale.ROOT,
        format,
        "ID",
        "STATUS",
        "NAME",
        "STARTED",
        "DURATION",
        "REQ/S",
        "TOK/S",
        "TTFT P50",
        "TTFT P99",
        "ERRORS");
    for (JsonNode r : runs) {
      out.printf(
          Locale.ROOT,
          format,
          r.path("id").asText(),
          r.path("status").asText(),
          Remote.cut(r.path("name").asText(), 24),
          r.path("startedAt").isTextual()
              ? r.path("startedAt").asText().replace('T', ' ').substring(0, 19)
              : "-",
          Remote.number(r.path("durationS"), "%.0fs", 1),
          Remote.number(r.path("requestsPerS"), "%.1f", 1),
          Remote.number(r.path("tokensPerS"), "%.1f", 1),
          Remote.number(r.path("ttftP50"), "%.1fms", 1000),
          Remote.number(r.path("ttftP99"), "%.1fms", 1000),
          r.path("errors").isNumber() ? r.path("errors").asText() : "-");
    }
  }
}
