package io.broadside.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code broadside agents}: the agents a coordinator has, with their state and health. */
@Command(
    name = "agents",
    mixinStandardHelpOptions = true,
    description = "List a coordinator's agents: host, cores, state, last heartbeat, health.")
final class AgentsCommand implements Callable<Integer> {
  @Mixin RemoteOptions remote;

  @Override
  public Integer call() {
    return Remote.call(
        () -> {
          RemoteCoordinator.Answer a = remote.client().get("/api/v1/agents");
          if (a.status() != 200) {
            System.out.println("the coordinator answered HTTP " + a.status() + ": " + a.error());
            return ExitCode.RUN_FAILED;
          }
          String format = "%-20s %-20s %5s %9s %-9s %-24s %-22s %6s %8s %s%n";
          System.out.printf(
              Locale.ROOT,
              format,
              "ID",
              "HOST",
              "CORES",
              "MAX USERS",
              "STATE",
              "LAST HEARTBEAT",
              "RUN",
              "CPU",
              "LOOP",
              "");
          for (JsonNode n : a.json()) {
            System.out.printf(
                Locale.ROOT,
                format,
                Remote.cut(n.path("id").asText(), 20),
                Remote.cut(n.path("host").asText(), 20),
                n.path("cores").asText(),
                n.path("maxUsers").asInt() == 0 ? "-" : n.path("maxUsers").asText(),
                n.path("state").asText(),
                n.path("lastHeartbeat").asText(),
                n.path("runId").isTextual() ? n.path("runId").asText() : "-",
                Remote.number(n.path("cpuRatio"), "%.0f%%", 100),
                Remote.number(n.path("loopDelayMs"), "%.1fms", 1),
                n.path("saturated").asBoolean() ? "SATURATED" : "");
          }
          return ExitCode.PASSED;
        });
  }
}
