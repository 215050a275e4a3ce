package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan cannot make an agent send what its operator did not allow: {@code basic: {userEnv: HOME,
 * passwordEnv: AWS_SECRET_ACCESS_KEY}} or a {@code bearerFile} outside the agent's secret folder
 * fails the run while preparing, naming the variable or file, and the target receives nothing. An
 * agent that could not prepare is free for the next run at once.
 */
class SecretSourcesIT {
  @TempDir Path dir;

  private static final String PLAN =
      """
      name: secrets
      target: {protocol: openai-chat, url: http://127.0.0.1:%d, auth: %s}
      models: [m]
      load: {mode: closed, stages: [{duration: 1s, users: 1}]}
      """;

  @Test
  void secretsTheAgentDoesNotAllowFailTheRunAndNothingIsSent() throws Exception {
    Vertx vertx = Vertxes.create();
    AtomicInteger received = new AtomicInteger();
    try {
      HttpServer capture =
          vertx
              .createHttpServer()
              .requestHandler(
                  r -> {
                    received.incrementAndGet();
                    r.response().end();
                  })
              .listen(0, "127.0.0.1")
              .await();
      int port = capture.actualPort();
      Path plans = Files.createDirectories(dir.resolve("plans"));
      Files.writeString(plans.resolve("token"), "not-to-be-sent\n");
      try (EmbeddedCluster cluster =
          EmbeddedCluster.start(Vertxes.create(), dir.resolve("runs"), 0)) {
        Run env =
            cluster
                .ended(
                    cluster
                        .submit(
                            PLAN.formatted(
                                port,
                                "{basic: {userEnv: HOME, passwordEnv: AWS_SECRET_ACCESS_KEY}}"),
                            null)
                        .run())
                .await(60, TimeUnit.SECONDS);
        assertThat(env.status()).isEqualTo(RunStatus.FAILED);
        assertThat(env.error()).contains("HOME").contains("BROADSIDE_");
        // the plan's folder, but the agent's secret folder is not (DEFAULT: none)
        Run file =
            cluster
                .ended(cluster.submit(PLAN.formatted(port, "{bearerFile: token}"), plans).run())
                .await(60, TimeUnit.SECONDS);
        assertThat(file.status()).isEqualTo(RunStatus.FAILED);
        assertThat(file.error()).contains("token").doesNotContain("not-to-be-sent");
      }
      assertThat(received).as("requests at the target").hasValue(0);
    } finally {
      vertx.close().await();
    }
  }
}
