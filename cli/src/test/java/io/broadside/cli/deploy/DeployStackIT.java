package io.broadside.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.MountableFile;

/**
 * The image built from deploy/docker/Dockerfile runs a coordinator that Prometheus (with
 * deploy/prometheus/prometheus.yml) scrapes, and Grafana (with grafana/provisioning) loads every
 * dashboard of grafana/dashboards and reaches Prometheus through the provisioned datasource. Needs
 * a Docker engine and the registry's images: skipped where there is no engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class DeployStackIT {
  private static final Path ROOT = Tools.root();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Network network;
  private static GenericContainer<?> coordinator;
  private static GenericContainer<?> prometheus;
  private static GenericContainer<?> grafana;

  @BeforeAll
  static void start() throws Exception {
    Path jar = ROOT.resolve("cli/target/broadside.jar");
    assumeTrue(Files.isRegularFile(jar), "no cli/target/broadside.jar: mvn package first");
    JsonNode services =
        new ObjectMapper(new YAMLFactory())
            .readTree(ROOT.resolve("deploy/compose/docker-compose.yml").toFile())
            .path("services");
    network = Network.newNetwork();
    // the secrets make-secrets.sh would make: the coordinator's tokens, Prometheus's viewer token
    Path secrets = Files.createTempDirectory("broadside-stack-secrets");
    String viewer = io.broadside.coordinator.access.AccessTokens.newToken();
    Files.writeString(
        secrets.resolve("tokens"),
        io.broadside.coordinator.access.AccessTokens.line(
                "prometheus", io.broadside.coordinator.access.Role.VIEWER, viewer)
            + "\n");
    Files.writeString(secrets.resolve("prometheus.token"), viewer + "\n");
    // and the agents' link's certificates
    var authority =
        io.broadside.protocol.tls.ClusterCertificates.newAuthority("broadside", Duration.ofDays(1));
    authority.write(secrets);
    authority
        .issue("coordinator", "coordinator", List.of("coordinator"), Duration.ofDays(1))
        .write(secrets);
    var image =
        new ImageFromDockerfile("broadside-deploy-test", true)
            .withFileFromPath("Dockerfile", ROOT.resolve("deploy/docker/Dockerfile"))
            .withFileFromPath("cli/target/broadside.jar", jar);
    coordinator =
        new GenericContainer<>(image)
            .withNetwork(network)
            .withNetworkAliases("coordinator")
            .withCopyFileToContainer(
                MountableFile.forHostPath(secrets.resolve("tokens"), 0644),
                "/run/secrets/broadside-tokens")
            .withCopyFileToContainer(
                MountableFile.forHostPath(secrets.resolve("ca.pem"), 0644),
                "/run/secrets/broadside-ca")
            .withCopyFileToContainer(
                MountableFile.forHostPath(secrets.resolve("coordinator.pem"), 0644),
                "/run/secrets/broadside-coordinator-cert")
            .withCopyFileToContainer(
                MountableFile.forHostPath(secrets.resolve("coordinator-key.pem"), 0644),
                "/run/secrets/broadside-coordinator-key")
            // the command compose gives it
            .withCommand(
                StreamSupport.stream(
                        services.path("coordinator").path("command").spliterator(), false)
                    .map(JsonNode::asText)
                    .toArray(String[]::new))
            .withExposedPorts(8420)
            .waitingFor(Wait.forHttp("/health").forPort(8420))
            .withStartupTimeout(Duration.ofMinutes(2));
    coordinator.start();
    prometheus =
        new GenericContainer<>(services.path("prometheus").path("image").asText())
            .withNetwork(network)
            .withNetworkAliases("prometheus")
            .withCopyFileToContainer(
                MountableFile.forHostPath(ROOT.resolve("deploy/prometheus/prometheus.yml")),
                "/etc/prometheus/prometheus.yml")
            .withCopyFileToContainer(
                MountableFile.forHostPath(secrets.resolve("prometheus.token"), 0644),
                "/run/secrets/broadside-prometheus-token")
            .withCommand(
                "--config.file=/etc/prometheus/prometheus.yml",
                "--storage.tsdb.path=/prometheus",
                "--enable-feature=native-histograms")
            .withExposedPorts(9090)
            .waitingFor(Wait.forHttp("/-/ready").forPort(9090));
    prometheus.start();
    grafana =
        new GenericContainer<>(services.path("grafana").path("image").asText())
            .withNetwork(network)
            .withEnv(
                Map.of(
                    "GF_SECURITY_ADMIN_USER", "admin",
                    "GF_SECURITY_ADMIN_PASSWORD", "admin",
                    "GF_ANALYTICS_REPORTING_ENABLED", "false",
                    "GF_ANALYTICS_CHECK_FOR_UPDATES", "false"))
            .withCopyFileToContainer(
                MountableFile.forHostPath(ROOT.resolve("grafana/provisioning")),
                "/etc/grafana/provisioning")
            .withCopyFileToContainer(
                MountableFile.forHostPath(ROOT.resolve("grafana/dashboards")),
                "/var/lib/grafana/dashboards/broadside")
            .withExposedPorts(3000)
            .waitingFor(Wait.forHttp("/api/health").forPort(3000))
            .withStartupTimeout(Duration.ofMinutes(2));
    grafana.start();
  }

  @AfterAll
  static void stop() {
    Stream.of(grafana, prometheus, coordinator)
        .filter(c -> c != null)
        .forEach(GenericContainer::stop);
    if (network != null) {
      network.close();
    }
  }

  @Test
  void grafanaLoadsEveryDashboardAndReachesPrometheus() throws Exception {
    Map<String, String> expected = new TreeMap<>(); // uid -> title
    try (Stream<Path> files = Files.list(ROOT.resolve("grafana/dashboards"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        JsonNode d = JSON.readTree(f.toFile());
        expected.put(d.path("uid").asText(), d.path("title").asText());
      }
    }
    assertThat(expected).isNotEmpty();

    Map<String, String> found = new TreeMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      found.clear();
      for (JsonNode hit : grafana("/api/search?type=dash-db")) {
        found.put(hit.path("uid").asText(), hit.path("title").asText());
      }
      if (found.keySet().containsAll(expected.keySet())) {
        break;
      }
      Thread.sleep(1000);
    }
    assertThat(found).containsAllEntriesOf(expected);
    for (String uid : expected.keySet()) {
      JsonNode d = grafana("/api/dashboards/uid/" + uid);
      assertThat(d.path("dashboard").path("uid").asText()).isEqualTo(uid);
      assertThat(d.path("meta").path("folderTitle").asText()).isEqualTo("Broadside");
      assertThat(d.path("dashboard").path("panels")).as(uid).isNotEmpty();
    }
    assertThat(grafana("/api/datasources/uid/prometheus/health").path("status").asText())
        .isEqualTo("OK");
  }

  @Test
  void prometheusScrapesTheCoordinator() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String health = "";
    while (System.nanoTime() < deadline && !health.equals("up")) {
      Thread.sleep(1000);
      for (JsonNode t :
          get(url(prometheus, 9090, "/api/v1/targets"), null).path("data").path("activeTargets")) {
        if (t.path("labels").path("job").asText().equals("broadside-coordinator")) {
          health = t.path("health").asText();
        }
      }
    }
    assertThat(health).isEqualTo("up");
  }

  private static JsonNode grafana(String path) throws Exception {
    String auth =
        Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    return get(url(grafana, 3000, path), "Basic " + auth);
  }

  private static URI url(GenericContainer<?> c, int port, String path) {
    return URI.create("http://" + c.getHost() + ":" + c.getMappedPort(port) + path);
  }

  private static JsonNode get(URI uri, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
