package io.broadside.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The command line's client of a coordinator's REST API: submits plans (with their files as a zip
 * archive), follows a run's live events, reads runs, agents, summaries and reports. Blocking: the
 * command line has no event loop.
 */
final class RemoteCoordinator {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: its status and body. */
  record Answer(int status, byte[] body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return JSON.createObjectNode().put("error", new String(body, StandardCharsets.UTF_8));
      }
    }

    /** The error a coordinator answered with, in a line. */
    String error() {
      JsonNode j = json();
      if (j.hasNonNull("error")) {
        return j.get("error").asText();
      }
      StringBuilder b = new StringBuilder();
      for (JsonNode e : j.path("errors")) {
        b.append(b.isEmpty() ? "" : "; ")
            .append(e.path("path").asText())
            .append(": ")
            .append(e.path("message").asText());
      }
      return b.isEmpty() ? "HTTP " + status : b.toString();
    }
  }

  /** The coordinator could not be reached, or refused the request's credentials. */
  static final class Unreachable extends IOException {
    Unreachable(String message) {
      super(message);
    }
  }

  private final URI base;
  private final String token;
  private final HttpClient http;

  RemoteCoordinator(URI base, String token, Path caFile) throws IOException {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    if (this.base.getScheme() == null
        || !(this.base.getScheme().equals("http") || this.base.getScheme().equals("https"))
        || this.base.getHost() == null) {
      throw new IllegalArgumentException(
          "--coordinator must be an http:// or https:// URL, was '" + base + "'");
    }
    this.token = token;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (caFile != null) {
      b.sslContext(trusting(caFile));
    }
    this.http = b.build();
  }

  /** From the options: the token read from its file (stripped). */
  static RemoteCoordinator of(URI url, Path tokenFile, Path caFile) throws IOException {
    String token = null;
    if (tokenFile != null) {
      token = Files.readString(tokenFile).strip();
      if (token.isEmpty()) {
        throw new IOException("the token file " + tokenFile + " is empty");
      }
    }
    return new RemoteCoordinator(url, token, caFile);
  }

  URI base() {
    return base;
  }

  Answer get(String path) throws IOException {
    return send(request(path).GET());
  }

  Answer post(String path, String contentType, HttpRequest.BodyPublisher body) throws IOException {
    return send(request(path).header("Content-Type", contentType).POST(body));
  }

  Answer delete(String path) throws IOException {
    return send(request(path).DELETE());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private Answer send(HttpRequest.Builder request) throws IOException {
    try {
      HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      Answer a = new Answer(r.statusCode(), r.body());
      if (a.status() == 401) {
        throw new Unreachable(
            "the coordinator at "
                + base
                + " wants a token it knows: give it with --token-file FILE ("
                + a.error()
                + ")");
      }
      return a;
    } catch (ConnectException e) {
      throw new Unreachable("cannot reach the coordinator at " + base + " (connection refused)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * Follows {@code GET /api/v1/runs/{id}/events} until the end event: each event to {@code event}
   * (type, data); after a broken stream, reconnects with the last id seen (for up to {@code
   * patience}), so none is missed.
   */
  void follow(String runId, BiConsumer<String, JsonNode> event, Duration patience)
      throws IOException {
    long last = 0;
    long brokeAt = 0;
    while (true) {
      HttpRequest.Builder req =
          request("/api/v1/runs/" + runId + "/events").timeout(Duration.ofDays(7));
      req.header("Accept", "text/event-stream");
      if (last > 0) {
        req.header("Last-Event-ID", Long.toString(last));
      }
      try {
        HttpResponse<InputStream> r =
            http.send(req.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
          byte[] body = r.body().readAllBytes();
          String why = "the coordinator answered " + new Answer(r.statusCode(), body).error();
          if (r.statusCode() < 500) {
            // no such run, no right to it: asking again changes nothing
            throw new Unreachable(why);
          }
          throw new IOException(why);
        }
        brokeAt = 0;
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
          String type = null;
          StringBuilder data = new StringBuilder();
          long id = 0;
          String line;
          while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
              if (type != null) {
                last = Math.max(last, id);
                JsonNode json = JSON.readTree(data.toString());
                event.accept(type, json);
                if (type.equals("end")) {
                  return;
                }
              }
              type = null;
              data.setLength(0);
            } else if (line.startsWith("id: ")) {
              id = Long.parseLong(line.substring(4).strip());
            } else if (line.startsWith("event: ")) {
              type = line.substring(7).strip();
            } else if (line.startsWith("data: ")) {
              data.append(line.substring(6));
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (IOException e) {
        if (e instanceof Unreachable) {
          throw e;
        }
        // a broken stream: come back with the last id seen
      }
      long now = System.nanoTime();
      if (brokeAt == 0) {
        brokeAt = now;
      } else if (now - brokeAt > patience.toNanos()) {
        throw new Unreachable(
            "lost the coordinator at " + base + " for " + patience.toSeconds() + " s");
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** A TLS context that trusts the certificates of a PEM file (a private authority). */
  private static SSLContext trusting(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + n++, c);
      }
      if (n == 0) {
        throw new IOException(caFile + " holds no certificate");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read " + caFile + " as certificates: " + e.getMessage(), e);
    }
  }
}
