package io.broadside.cli;

import java.net.http.HttpRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code broadside stop ID}: a coordinator stops a run; its agents flush what they measured. */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = "Stop a run on a coordinator: its agents stop and flush, its results are kept.")
final class StopCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ID", description = "the run's id (broadside runs)")
  String id;

  @Mixin RemoteOptions remote;

  @Override
  public Integer call() {
    return Remote.call(
        () -> {
          RemoteCoordinator.Answer a =
              remote
                  .client()
                  .post(
                      "/api/v1/runs/" + id + "/stop",
                      "application/json",
                      HttpRequest.BodyPublishers.ofString("{}"));
          if (a.status() == 202) {
            System.out.println("run " + id + " is stopping");
            return ExitCode.PASSED;
          }
          if (a.status() == 409) {
            System.out.println(
                "run " + id + " has ended already (" + a.json().path("status").asText() + ")");
            return ExitCode.PASSED;
          }
          System.out.println("the coordinator answered HTTP " + a.status() + ": " + a.error());
          return a.status() == 404 ? ExitCode.INVALID_INPUT : ExitCode.RUN_FAILED;
        });
  }
}
