package io.broadside.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's binary) on a loopback port, scraping the given jobs every second,
 * with or without native histograms; queried through its HTTP API. Closing kills it.
 */
public final class PrometheusProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private PrometheusProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts Prometheus with one job per entry ({@code job → host:port}, path /metrics) and waits
   * until it is ready.
   */
  public static PrometheusProcess start(
      Path binary, Path dir, Map<String, String> jobs, boolean nativeHistograms)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    StringBuilder config =
        new StringBuilder("global: {scrape_interval: 1s, evaluation_interval: 1s}\n")
            .append("scrape_configs:\n");
    jobs.forEach(
        (job, target) ->
            config
                .append("  - job_name: ")
                .append(job)
                .append("\n    static_configs: [{targets: ['")
                .append(target)
                .append("']}]\n"));
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    int port = freePort();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                binary.toString(),
                "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"));
    if (nativeHistograms) {
      command.add("--enable-feature=native-histograms");
    }
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    PrometheusProcess prometheus = new PrometheusProcess(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!prometheus.ready()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        prometheus.close();
        throw new IllegalStateException(
            "Prometheus did not start: " + Files.readString(dir.resolve("prometheus.log")));
      }
      Thread.sleep(50);
    }
    return prometheus;
  }

  private boolean ready() {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * An instant query at {@code atEpochSeconds}: the {@code data.result} array (throws on error).
   */
  public JsonNode query(String expr, double atEpochSeconds)
      throws IOException, InterruptedException {
    String body =
        "query="
            + URLEncoder.encode(expr, StandardCharsets.UTF_8)
            + "&time="
            + String.format(java.util.Locale.ROOT, "%.3f", atEpochSeconds);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v1/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(r.body());
    if (!json.path("status").asText().equals("success")) {
      throw new IllegalArgumentException(expr + ": " + r.body());
    }
    return json.path("data").path("result");
  }

  /** The one number an instant query returns (a scalar or a single-sample vector). */
  public double value(String expr, double atEpochSeconds) throws IOException, InterruptedException {
    JsonNode result = query(expr, atEpochSeconds);
    if (result.size() != 1) {
      throw new AssertionError(expr + " returned " + result);
    }
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  /** Waits until {@code expr} returns at least one sample now. */
  public void await(String expr, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (query(expr, System.currentTimeMillis() / 1000.0).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no result for " + expr + " within " + timeout);
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
