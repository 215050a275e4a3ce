package io.broadside.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.broadside.cli.Main;
import io.broadside.testing.DebianTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * deploy/compose/docker-compose.yml as docker-compose reads it, and the Prometheus configuration it
 * mounts as promtool reads it. Neither needs a Docker engine.
 */
class DeployComposeTest {
  private static final Path ROOT = Tools.root();
  private static final Path COMPOSE = ROOT.resolve("deploy/compose/docker-compose.yml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    Path compose = Tools.require("docker-compose");
    DebianTools.Result r =
        Tools.run(ROOT, List.of(compose.toString(), "-f", COMPOSE.toString(), "config", "-q"));
    assertThat(r.exit()).as(r.output()).isZero();
  }

  @Test
  void dockerComposeRejectsABrokenCopy(@TempDir Path dir) throws Exception {
    Path compose = Tools.require("docker-compose");
    String text = Files.readString(COMPOSE);
    // an unescaped $( is no interpolation docker-compose knows; an unknown key breaks its schema
    List<String> broken =
        List.of(
            text.replace("$$(hostname -i", "$(hostname -i"),
            text.replace("    hostname: coordinator\n", "    hostnam: coordinator\n"));
    for (String b : broken) {
      assertThat(b).isNotEqualTo(text);
      Path copy = dir.resolve("docker-compose.yml");
      Files.writeString(copy, b);
      DebianTools.Result r =
          Tools.run(dir, List.of(compose.toString(), "-f", copy.toString(), "config", "-q"));
      assertThat(r.exit()).as(r.output()).isNotZero();
    }
  }

  @Test
  void agentsScaleAndEachAdvertisesItsOwnAddress() throws Exception {
    JsonNode services = YAML.readTree(COMPOSE.toFile()).path("services");
    JsonNode agent = services.path("agent");
    // --scale agent=N needs no fixed name and no host port
    assertThat(agent.has("container_name")).isFalse();
    assertThat(agent.has("ports")).isFalse();
    String script = agent.path("entrypoint").get(2).asText();
    assertThat(script).contains("--advertise \"$$(hostname -i").contains("--bind 0.0.0.0");
    assertThat(script).contains("/dev/tcp/"); // waits for the coordinator before joining
    // beyond loopback an agent follows only a coordinator that proves itself
    assertThat(script)
        .contains(
            "--ca /run/secrets/broadside-ca --cert /run/secrets/broadside-agent-cert",
            "--key /run/secrets/broadside-agent-key");
    assertThat(strings(agent.path("secrets")))
        .containsExactly("broadside-ca", "broadside-agent-cert", "broadside-agent-key");

    List<String> coordinator = strings(services.path("coordinator").path("command"));
    assertThat(coordinator)
        .containsSubsequence("--bind", "0.0.0.0")
        .containsSubsequence("--advertise", "coordinator")
        // beyond loopback the coordinator needs its tokens, mounted as a secret
        .containsSubsequence("--tokens", "/run/secrets/broadside-tokens")
        // and takes agents over mutual TLS only
        .containsSubsequence("--ca", "/run/secrets/broadside-ca")
        .containsSubsequence("--cert", "/run/secrets/broadside-coordinator-cert")
        .containsSubsequence("--key", "/run/secrets/broadside-coordinator-key");
    assertThat(strings(services.path("coordinator").path("secrets")))
        .containsExactly(
            "broadside-tokens",
            "broadside-ca",
            "broadside-coordinator-cert",
            "broadside-coordinator-key");
    assertThat(strings(services.path("prometheus").path("secrets")))
        .containsExactly("broadside-prometheus-token");
    JsonNode secrets = YAML.readTree(COMPOSE.toFile()).path("secrets");
    assertThat(secrets.path("broadside-tokens").path("file").asText())
        .isEqualTo("./secrets/tokens");
    assertThat(secrets.path("broadside-prometheus-token").path("file").asText())
        .isEqualTo("./secrets/prometheus.token");
    // what make-secrets.sh makes (ComposeSecretsIT); never the authority's key
    assertThat(secrets.path("broadside-ca").path("file").asText())
        .isEqualTo("./secrets/certs/ca.pem");
    assertThat(secrets.path("broadside-agent-key").path("file").asText())
        .isEqualTo("./secrets/certs/agent-key.pem");
    assertThat(secrets.path("broadside-coordinator-key").path("file").asText())
        .isEqualTo("./secrets/certs/coordinator-key.pem");
    assertThat(secrets.toString()).doesNotContain("ca-key");
    assertCliAccepts(coordinator);
    assertCliAccepts(strings(services.path("simulator").path("command")));
    assertCliAccepts(
        List.of(
            "agent",
            "--bind",
            "0.0.0.0",
            "--advertise",
            "172.18.0.5",
            "--join",
            "coordinator:5701",
            "--data",
            "/var/lib/broadside/agent-data",
            "--ca",
            "/run/secrets/broadside-ca",
            "--cert",
            "/run/secrets/broadside-agent-cert",
            "--key",
            "/run/secrets/broadside-agent-key"));

    assertThat(strings(services.path("prometheus").path("command")))
        .contains("--enable-feature=native-histograms");
    assertThat(strings(services.path("prometheus").path("volumes")))
        .contains("../prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    assertThat(strings(services.path("grafana").path("volumes")))
        .contains(
            "../../grafana/provisioning:/etc/grafana/provisioning:ro",
            "../../grafana/dashboards:/var/lib/grafana/dashboards/broadside:ro");
  }

  @Test
  void promtoolAcceptsTheScrapeConfigs(@TempDir Path dir) throws Exception {
    Path promtool = Tools.require("promtool");
    // promtool checks that the token file exists: a file here stands in for the mounted secret
    Path token = Files.writeString(dir.resolve("token"), "bsd_x\n");
    for (String file :
        List.of("deploy/prometheus/prometheus.yml", "deploy/k8s/base/prometheus.yml")) {
      String text = Files.readString(ROOT.resolve(file));
      assertThat(text).contains("credentials_file: /");
      Path copy = dir.resolve("prometheus.yml");
      Files.writeString(
          copy, text.replaceAll("credentials_file: /\\S+", "credentials_file: " + token));
      DebianTools.Result r =
          Tools.run(dir, List.of(promtool.toString(), "check", "config", copy.toString()));
      assertThat(r.exit()).as(file + ": " + r.output()).isZero();
      // and the file as it is names a token file
      DebianTools.Result asIs =
          Tools.run(ROOT, List.of(promtool.toString(), "check", "config", "--syntax-only", file));
      assertThat(asIs.exit()).as(file + ": " + asIs.output()).isZero();
    }
  }

  @Test
  void promtoolRejectsABrokenCopy(@TempDir Path dir) throws Exception {
    Path promtool = Tools.require("promtool");
    String text = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
    Path copy = dir.resolve("prometheus.yml");
    Files.writeString(copy, text.replace("scrape_interval: 5s", "scrape_interval: 5 parsecs"));
    DebianTools.Result r =
        Tools.run(dir, List.of(promtool.toString(), "check", "config", "prometheus.yml"));
    assertThat(r.exit()).as(r.output()).isNotZero();
  }

  @Test
  void prometheusScrapesTheCoordinatorAndTheSimulatorEveryFiveSeconds() throws Exception {
    JsonNode config = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
    assertThat(config.path("global").path("scrape_interval").asText()).isEqualTo("5s");
    List<String> targets = new ArrayList<>();
    for (JsonNode job : config.path("scrape_configs")) {
      assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
      if (job.path("job_name").asText().equals("broadside-coordinator")) {
        // the coordinator's /metrics wants a viewer token
        assertThat(job.path("authorization").path("credentials_file").asText())
            .isEqualTo("/run/secrets/broadside-prometheus-token");
      }
      for (JsonNode s : job.path("static_configs")) {
        targets.addAll(strings(s.path("targets")));
      }
    }
    assertThat(targets).containsExactlyInAnyOrder("coordinator:8420", "simulator:8000");
  }

  static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  /** The arguments parse as a broadside command line (unknown options would throw). */
  static void assertCliAccepts(List<String> args) {
    new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
  }
}
