package io.broadside.coordinator;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A coordinator in a process of its own, for tests that kill it: {@link #main} deploys one on the
 * given ports and data folder and says {@code ready}; {@link #start} launches it with this test's
 * class path and waits for that.
 */
final class CoordinatorProcess {
  private CoordinatorProcess() {}

  /** Args: data folder, HTTP port, gRPC port. */
  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    Coordinator coordinator =
        new Coordinator(
            CoordinatorConfig.defaults()
                .withDataDir(Path.of(args[0]))
                .withPorts(Integer.parseInt(args[1]), Integer.parseInt(args[2]))
                .withTiming(Duration.ofSeconds(2), Duration.ofMillis(50)));
    vertx.deployVerticle(coordinator).await();
    System.out.println("ready");
  }

  static Process start(Path data, int httpPort, int grpcPort) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dhazelcast.phone.home.enabled=false",
                "-cp",
                System.getProperty("java.class.path"),
                CoordinatorProcess.class.getName(),
                data.toString(),
                Integer.toString(httpPort),
                Integer.toString(grpcPort))
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String line;
    while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
      if (line.equals("ready")) {
        // the rest of its output is drained, so it never blocks on a full pipe
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // discarded
                    }
                  } catch (java.io.IOException e) {
                    // the process went
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("the coordinator process did not start");
  }

  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
