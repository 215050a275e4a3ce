package io.broadside.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A coordinator on ephemeral ports for tests over real HTTP: deploy, launch, count run folders,
 * wait for a run's files.
 */
final class LocalCoordinators {
  private LocalCoordinators() {}

  /** Deploys {@code config} on ephemeral ports, with a short flush grace and start delay. */
  static Coordinator deploy(Vertx vertx, CoordinatorConfig config) {
    Coordinator coordinator =
        new Coordinator(
            config.withPorts(0, 0).withTiming(Duration.ofSeconds(2), Duration.ofMillis(50)));
    vertx.deployVerticle(coordinator).await();
    return coordinator;
  }

  /** POSTs a YAML plan to the coordinator's runs, with no token. */
  static HttpResponse<Buffer> launch(WebClient web, Coordinator coordinator, String plan) {
    return web.post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs")
        .putHeader("Content-Type", "application/yaml")
        .sendBuffer(Buffer.buffer(plan))
        .await();
  }

  /** The run folders under {@code data} (0 while it does not exist), hidden ones aside. */
  static long runDirectories(Path data) throws IOException {
    if (!Files.exists(data)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(data)) {
      // a hidden folder (.incoming: archives being read) holds no run
      return s.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .count();
    }
  }

  /** A JSON file once it exists (10 s at most) and a moment more, for its writer to finish. */
  static JsonNode awaitJson(Path file) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(50);
    return new ObjectMapper().readTree(file.toFile());
  }
}
