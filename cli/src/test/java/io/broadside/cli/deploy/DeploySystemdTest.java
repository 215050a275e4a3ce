package io.broadside.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.testing.DebianTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/systemd's units as systemd-analyze reads them, and deploy/ssh/start-agents.sh in dry run
 * only: no host is ever contacted.
 */
class DeploySystemdTest {
  private static final Path ROOT = Tools.root();
  private static final Path SCRIPT = ROOT.resolve("deploy/ssh/start-agents.sh");
  private static final List<String> UNITS =
      List.of(
          "deploy/systemd/broadside-coordinator.service", "deploy/systemd/broadside-agent.service");

  @Test
  void systemdAcceptsTheUnits() throws Exception {
    Path analyze = Tools.require("systemd-analyze");
    for (String unit : UNITS) {
      DebianTools.Result r = verify(analyze, ROOT, ROOT.resolve(unit));
      assertThat(r.exit()).as(unit + ": " + r.output()).isZero();
      // a misspelt key is only a warning to systemd: a fault here
      assertThat(r.output()).as(unit).doesNotContain("Unknown key").doesNotContain("ignoring");
    }
  }

  @Test
  void systemdFlagsABrokenCopy(@TempDir Path dir) throws Exception {
    Path analyze = Tools.require("systemd-analyze");
    String text = Files.readString(ROOT.resolve(UNITS.get(1)));
    Path copy = dir.resolve("broadside-agent.service");

    Files.writeString(copy, text.replace("ExecStart=/usr/bin/java", "ExecStart=/nonexistent/java"));
    assertThat(verify(analyze, dir, copy).exit()).isNotZero();

    Files.writeString(copy, text.replace("EnvironmentFile=", "EnvironmentFle="));
    assertThat(verify(analyze, dir, copy).output()).contains("Unknown key");
  }

  @Test
  void theUnitsReadTheirEnvironmentFileAndKeepPhoneHomeOff() throws Exception {
    String agent = Files.readString(ROOT.resolve(UNITS.get(1)));
    assertThat(agent)
        .contains("EnvironmentFile=/etc/broadside/agent.env")
        .contains("-Dhazelcast.phone.home.enabled=false")
        .contains("agent --join ${BROADSIDE_COORDINATOR}")
        // the link's certificates, root's alone, reach the dynamic user as credentials
        .contains("LoadCredential=key.pem:/etc/broadside/certs/agent-key.pem")
        .contains("--ca %d/ca.pem --cert %d/cert.pem --key %d/key.pem");
    String coordinator = Files.readString(ROOT.resolve(UNITS.get(0)));
    assertThat(coordinator)
        .contains("EnvironmentFile=/etc/broadside/coordinator.env")
        .contains("coordinator --bind ${BROADSIDE_BIND}")
        // the tokens file, root's alone, reaches the dynamic user as a credential
        .contains("LoadCredential=tokens:/etc/broadside/tokens")
        .contains("--tokens %d/tokens")
        .contains("LoadCredential=key.pem:/etc/broadside/certs/coordinator-key.pem")
        .contains("--ca %d/ca.pem --cert %d/cert.pem --key %d/key.pem");
    for (String env : List.of("agent.env", "coordinator.env")) {
      assertThat(ROOT.resolve("deploy/systemd").resolve(env)).exists();
    }
  }

  @Test
  void startAgentsDryRunPrintsTheCommandsForEveryHost(@TempDir Path dir) throws Exception {
    Path hosts = dir.resolve("hosts");
    Files.writeString(
        hosts, "# load generators\nload-1.example   # a comment\n\nload-2.example 10.0.0.12");
    Path certs = agentCerts(dir);
    DebianTools.Result r =
        startAgents(
            hosts.toString(),
            "--coordinator",
            "10.0.0.1",
            "--user",
            "ops",
            "--certs",
            certs.toString(),
            "--dry-run");
    assertThat(r.exit()).as(r.output()).isZero();
    List<String> commands =
        r.output().lines().filter(l -> l.startsWith("scp ") || l.startsWith("ssh ")).toList();
    assertThat(commands).hasSize(4);
    assertThat(commands.get(0))
        .startsWith("scp ")
        .contains("broadside.jar")
        .contains("deploy/systemd/broadside-agent.service")
        .contains("agent.env")
        .contains(certs.resolve("agent-key.pem").toString())
        .endsWith("ops@load-1.example:/tmp/");
    // the authority's key stays where it is
    assertThat(r.output()).doesNotContain("ca-key");
    assertThat(commands.get(1))
        .startsWith("ssh -n ") // or ssh would read the rest of the hosts file
        .contains("ops@load-1.example")
        .contains("/etc/broadside/agent.env")
        .contains("systemctl restart broadside-agent")
        .contains("install -m 0600 /tmp/agent-key.pem /etc/broadside/certs/agent-key.pem");
    assertThat(commands.get(3)).contains("ops@load-2.example");
    // the environment each host gets: the coordinator's Hazelcast port, its own address
    assertThat(r.output())
        .contains("BROADSIDE_COORDINATOR=10.0.0.1:5701")
        .contains("BROADSIDE_OPTS=--advertise load-1.example")
        .contains("BROADSIDE_BIND=10.0.0.12");
  }

  @Test
  void startAgentsWithoutACoordinatorIsAUsageError(@TempDir Path dir) throws Exception {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "load-1.example\n");
    Path certs = agentCerts(dir);
    DebianTools.Result r = startAgents(hosts.toString(), "--certs", certs.toString(), "--dry-run");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.output()).contains("--coordinator");
    // without the agents' certificates: no agent could follow its coordinator
    DebianTools.Result noCerts = startAgents(hosts.toString(), "--coordinator", "x", "--dry-run");
    assertThat(noCerts.exit()).isEqualTo(2);
    assertThat(noCerts.output()).contains("--certs");
    DebianTools.Result missing =
        startAgents(
            hosts.toString(),
            "--coordinator",
            "x",
            "--certs",
            dir.resolve("nowhere").toString(),
            "--dry-run");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.output()).contains("broadside certs");
    DebianTools.Result empty =
        startAgents(
            dir.resolve("none").toString(),
            "--coordinator",
            "x",
            "--certs",
            certs.toString(),
            "--dry-run");
    assertThat(empty.exit()).isEqualTo(2);
  }

  /** deploy/ssh/start-agents.sh with {@code args}, from the repository's root. */
  private static DebianTools.Result startAgents(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    return Tools.run(ROOT, command);
  }

  /** The files start-agents.sh copies, as broadside certs names them (their content unread). */
  private static Path agentCerts(Path dir) throws Exception {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    for (String f : List.of("ca.pem", "agent.pem", "agent-key.pem", "ca-key.pem")) {
      Files.writeString(certs.resolve(f), "-----BEGIN X-----\n");
    }
    return certs;
  }

  private static DebianTools.Result verify(Path analyze, Path dir, Path unit) throws Exception {
    // --man=no: the Documentation= link is no man page to look up
    return Tools.run(dir, List.of(analyze.toString(), "verify", "--man=no", unit.toString()));
  }
}
