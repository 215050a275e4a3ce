package io.broadside.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.coordinator.access.AccessTokens;
import io.broadside.coordinator.access.Role;
import io.broadside.protocol.tls.ClusterCertificates;
import io.broadside.protocol.tls.ClusterTls;
import io.broadside.testing.DebianTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/compose/make-secrets.sh with the built jar: the tokens file the coordinator reads (hashes
 * only, readable by the containers' users), an admin token for its operator, Prometheus's viewer
 * token, the certificates of the agents' link (a coordinator's, one agent certificate for every
 * replica, both of one authority whose key is never mounted); all in a folder only its owner
 * enters; run again, it keeps them.
 */
class ComposeSecretsIT {
  private static final Path ROOT = Tools.root();

  @Test
  void makesTheTokensOnceAndTheCoordinatorsFileHoldsOnlyTheirHashes(@TempDir Path dir)
      throws Exception {
    Path jar = Path.of("target", "broadside.jar").toAbsolutePath();
    Path out = dir.resolve("secrets");
    List<String> command =
        List.of(ROOT.resolve("deploy/compose/make-secrets.sh").toString(), jar.toString());
    DebianTools.Result made = run(command, out);
    assertThat(made.exit()).as(made.output()).isZero();

    String admin = Files.readString(out.resolve("admin.token")).strip();
    String prometheus = Files.readString(out.resolve("prometheus.token")).strip();
    AccessTokens tokens = AccessTokens.read(out.resolve("tokens"));
    assertThat(tokens.find(admin)).hasValue(new AccessTokens.Entry("admin", Role.ADMIN));
    assertThat(tokens.find(prometheus)).hasValue(new AccessTokens.Entry("prometheus", Role.VIEWER));
    assertThat(Files.readString(out.resolve("tokens"))).doesNotContain(admin, prometheus);
    assertThat(made.output()).doesNotContain(admin, prometheus);
    assertThat(mode(out.resolve("admin.token"))).isEqualTo("rw-------");
    assertThat(mode(out.resolve("tokens"))).isEqualTo("rw-r--r--");
    assertThat(mode(out.resolve("prometheus.token"))).isEqualTo("rw-r--r--");

    assertThat(mode(out)).isEqualTo("rwx------");

    Path certs = out.resolve("certs");
    X509Certificate ca = ClusterCertificates.readCertificate(certs.resolve("ca.pem"));
    X509Certificate coordinator =
        ClusterCertificates.readCertificate(certs.resolve("coordinator.pem"));
    X509Certificate agent = ClusterCertificates.readCertificate(certs.resolve("agent.pem"));
    coordinator.verify(ca.getPublicKey());
    agent.verify(ca.getPublicKey());
    assertThat(ClusterTls.identity(coordinator))
        .isEqualTo(new ClusterTls.Identity("coordinator", ClusterTls.COORDINATOR));
    ClusterTls.Identity agents = ClusterTls.identity(agent);
    assertThat(agents).isEqualTo(new ClusterTls.Identity("agent", ClusterTls.AGENT));
    assertThat(agents.admitsAgent("agent-172.18.0.5-1")).isTrue();
    assertThat(agents.admitsAgent("coordinator")).isFalse();
    // the containers' users read what is mounted; the authority's key stays the owner's
    assertThat(mode(certs.resolve("agent-key.pem"))).isEqualTo("rw-r--r--");
    assertThat(mode(certs.resolve("ca-key.pem"))).isEqualTo("rw-------");

    DebianTools.Result again = run(command, out);
    assertThat(again.exit()).isZero();
    assertThat(Files.readString(out.resolve("admin.token")).strip()).isEqualTo(admin);
    assertThat(ClusterCertificates.readCertificate(certs.resolve("agent.pem"))).isEqualTo(agent);
  }

  private static DebianTools.Result run(List<String> command, Path out) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(Map.of("BROADSIDE_SECRETS", out.toString()));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    return new DebianTools.Result(p.waitFor(), output);
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
