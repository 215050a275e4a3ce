package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.broadside.protocol.cluster.MembershipSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The cluster options of {@code agent} and {@code coordinator} as membership settings. */
class DeployClusterOptionsTest {
  private static AgentCommand agent(String... args) {
    AgentCommand command = new AgentCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  private static CoordinatorCommand coordinator(String... args) {
    CoordinatorCommand command = new CoordinatorCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void kubernetesServiceAndNamespaceMapToTheSettings() {
    AgentCommand a =
        agent(
            "--bind",
            "0.0.0.0",
            "--advertise",
            "10.1.2.3",
            "--kubernetes-service",
            "broadside-hazelcast",
            "--kubernetes-namespace",
            "load");
    MembershipSettings s = a.cluster.settings(a.join);

    assertThat(s.kubernetes()).isTrue();
    assertThat(s.kubernetesService()).isEqualTo("broadside-hazelcast");
    assertThat(s.kubernetesNamespace()).isEqualTo("load");
    assertThat(s.members()).isEmpty();
    assertThat(s.multicast()).isFalse();
    assertThat(s.advertiseHost()).isEqualTo("10.1.2.3");
  }

  @Test
  void theNamespaceDefaultsToThePodsOwnElseDefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("namespace");
    assertThat(ClusterOptions.podNamespace(file)).isEqualTo("default");
    Files.writeString(file, "load-test\n");
    assertThat(ClusterOptions.podNamespace(file)).isEqualTo("load-test");

    CoordinatorCommand c =
        coordinator("--bind", "0.0.0.0", "--advertise", "10.1.2.3", "--kubernetes-service", "svc");
    assertThat(c.cluster.settings(c.members).kubernetesNamespace())
        .isEqualTo(ClusterOptions.podNamespace(ClusterOptions.POD_NAMESPACE_FILE));
  }

  @Test
  void aWildcardBindNeedsAnAdvertisedAddress() {
    CoordinatorCommand c = coordinator("--bind", "0.0.0.0");
    assertThatThrownBy(() -> c.cluster.settings(c.members))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--advertise");

    CoordinatorCommand ok = coordinator("--bind", "0.0.0.0", "--advertise", "coordinator");
    assertThat(ok.cluster.settings(ok.members).bindsAnyAddress()).isTrue();
  }

  @Test
  void kubernetesExcludesMulticastAndAMemberList() {
    AgentCommand both = agent("--multicast", "--kubernetes-service", "svc");
    assertThatThrownBy(() -> both.cluster.settings(both.join))
        .isInstanceOf(ParameterException.class);
    AgentCommand listed = agent("--join", "10.0.0.1", "--kubernetes-service", "svc");
    assertThatThrownBy(() -> listed.cluster.settings(listed.join))
        .isInstanceOf(ParameterException.class);
  }

  @Test
  void anAgentNeedsAWayToFindTheCluster() {
    assertThat(Main.execute("agent")).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(Main.execute("coordinator", "--bind", "0.0.0.0")).isEqualTo(ExitCode.INVALID_INPUT);
  }

  @Test
  void anAgentKeepsItsLogsOutsideTheWorkingTreeByDefault() {
    org.assertj.core.api.Assertions.assertThat(agent().data)
        .isEqualTo(java.nio.file.Path.of(System.getProperty("user.home"), ".broadside", "agent"));
  }
}
