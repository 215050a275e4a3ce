package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.plan.PlanLimits;
import io.broadside.coordinator.runs.RunCaps;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's limits, over real HTTP: a plan over a limit is a 400 at the value's path, a
 * submission beyond the queue a 429, a multipart upload is refused and saves nothing, and a client
 * that trickles its request is disconnected.
 */
@ExtendWith(NoBlockedEventLoops.class)
class CapsRestTest {
  private static final String PLAN =
      """
      name: caps
      target: {protocol: openai-chat, url: http://127.0.0.1:9}
      models: [m]
      load: {mode: closed, stages: [{duration: 1s, users: %d}]}
      """;

  @TempDir Path dir;
  Vertx vertx;
  WebClient web;
  Coordinator coordinator;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
    coordinator =
        LocalCoordinators.deploy(
            vertx,
            CoordinatorConfig.defaults()
                .withDataDir(dir.resolve("runs"))
                .withCaps(new RunCaps(PlanLimits.DEFAULT, 2))
                .withRequestDeadline(Duration.ofSeconds(1)));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private HttpResponse<Buffer> launch(long users) {
    return LocalCoordinators.launch(web, coordinator, PLAN.formatted(users));
  }

  private long runDirectories() throws Exception {
    return LocalCoordinators.runDirectories(dir.resolve("runs"));
  }

  @Test
  void aPlanOverALimitAndARunBeyondTheQueueAreRefused() throws Exception {
    HttpResponse<Buffer> huge = launch(2_000_000_000L);
    assertThat(huge.statusCode()).isEqualTo(400);
    JsonObject problem = huge.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(problem.getString("path")).isEqualTo("$.load.stages[0].users");
    assertThat(problem.getString("message")).contains("at most 1000000");

    // no agent: both stay pending, and fill the queue of two
    assertThat(launch(1).statusCode()).isEqualTo(201);
    assertThat(launch(1).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> third = launch(1);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.getHeader("Retry-After")).isNotBlank();
    assertThat(runDirectories()).isEqualTo(2);
  }

  @Test
  void aMultipartUploadSavesNothing() throws Exception {
    String boundary = "b0undary";
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"plan\"; filename=\"plan.yaml\"\r\n"
            + "Content-Type: application/yaml\r\n\r\n"
            + PLAN.formatted(1)
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpResponse<Buffer> r =
        web.post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs")
            .putHeader("Content-Type", "multipart/form-data; boundary=" + boundary)
            .sendBuffer(Buffer.buffer(body))
            .await();
    assertThat(r.statusCode()).isBetween(400, 499);
    assertThat(Path.of("file-uploads")).doesNotExist();
    assertThat(dir.resolve("runs").resolve("file-uploads")).doesNotExist();
    assertThat(runDirectories()).isZero();
  }

  /** Seconds until the server closes the socket while {@code drip} sends a byte each time. */
  private double secondsUntilClosed(Socket s, byte[] drip, long everyMs) throws Exception {
    s.setSoTimeout(50);
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    long start = System.nanoTime();
    for (int i = 0; System.nanoTime() - start < 9_000_000_000L; i++) {
      try {
        out.write(drip[i % drip.length]);
        out.flush();
      } catch (java.io.IOException e) {
        return (System.nanoTime() - start) / 1e9;
      }
      long until = System.nanoTime() + everyMs * 1_000_000;
      while (System.nanoTime() < until) {
        try {
          if (in.read() < 0) {
            return (System.nanoTime() - start) / 1e9;
          }
        } catch (SocketTimeoutException quiet) {
          // nothing yet
        } catch (java.io.IOException reset) {
          return (System.nanoTime() - start) / 1e9;
        }
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  @Test
  void aClientThatTricklesItsBodyIsDisconnected() throws Exception {
    try (Socket s = new Socket("127.0.0.1", coordinator.httpPort())) {
      s.getOutputStream()
          .write(
              ("POST /api/v1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/yaml"
                      + "\r\nContent-Length: 500\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      // a byte every 300 ms: never silent for the deadline of 1 s, never done
      assertThat(secondsUntilClosed(s, "name: x\n".getBytes(StandardCharsets.US_ASCII), 300))
          .isBetween(0.9, 3.0);
    }
    assertThat(runDirectories()).isZero();
  }

  @Test
  void aClientThatTricklesItsHeadersIsDisconnected() throws Exception {
    try (Socket s = new Socket("127.0.0.1", coordinator.httpPort())) {
      // a byte every 300 ms from the start: never silent for the deadline of 1 s, never done
      assertThat(
              secondsUntilClosed(
                  s, "POST /api/v1/runs HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII), 300))
          .isBetween(0.9, 3.0);
    }
  }
}
