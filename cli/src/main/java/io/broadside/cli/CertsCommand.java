package io.broadside.cli;

import io.broadside.common.unit.Durations;
import io.broadside.protocol.tls.ClusterCertificates;
import io.broadside.protocol.tls.ClusterTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broadside certs}: the cluster's own certificate authority and certificates issued by it,
 * as PEM files (keys readable by their owner only).
 */
@Command(
    name = "certs",
    description =
        "Make the cluster's certificate authority (once) and issue a certificate from it: for the"
            + " coordinator (its REST and agent ports), or for agents (their link to it).")
final class CertsCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      defaultValue = "certs",
      description = "where ca.pem, ca-key.pem and the issued files are (default: certs)")
  Path dir;

  @Option(
      names = "--name",
      defaultValue = "coordinator",
      description = "the certificate's name: NAME.pem and NAME-key.pem (default: coordinator)")
  String name;

  @Option(
      names = "--role",
      description =
          "coordinator or agent (default: coordinator for the name coordinator, else agent); an"
              + " agent's certificate admits the agent id NAME and NAME-anything")
  String role;

  @Option(
      names = "--host",
      split = ",",
      description =
          "names and addresses the certificate is valid for (localhost and 127.0.0.1 always)")
  List<String> hosts = new ArrayList<>();

  @Option(
      names = "--cluster-name",
      defaultValue = "broadside",
      description = "named in the authority's certificate")
  String cluster;

  @Option(
      names = "--validity",
      defaultValue = "19800h",
      description =
          "how long the issued certificate is valid (default 19800h: 825 days; the authority: ten years)")
  String validity;

  @Override
  public Integer call() throws Exception {
    Duration valid;
    try {
      valid = Durations.parse(validity);
    } catch (IllegalArgumentException e) {
      System.err.println("--validity: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    ClusterCertificates ca;
    if (Files.exists(dir.resolve("ca.pem")) && Files.exists(dir.resolve("ca-key.pem"))) {
      ca = ClusterCertificates.readAuthority(dir);
    } else {
      ca = ClusterCertificates.newAuthority(cluster, Duration.ofDays(3650));
      ca.write(dir);
      System.err.println(
          "made the cluster's authority: "
              + dir.resolve("ca.pem")
              + " (give it to every member) and "
              + dir.resolve("ca-key.pem")
              + " (keep it off the cluster)");
    }
    LinkedHashSet<String> names = new LinkedHashSet<>(hosts);
    names.add("localhost");
    names.add("127.0.0.1");
    ClusterCertificates.Issued issued;
    try {
      String r =
          role != null
              ? role
              : name.equals(ClusterTls.COORDINATOR) ? ClusterTls.COORDINATOR : ClusterTls.AGENT;
      issued = ca.issue(name, r, List.copyOf(names), valid);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    issued.write(dir);
    System.err.println(
        "issued "
            + issued.certificateFile(dir)
            + " and "
            + issued.keyFile(dir)
            + " for "
            + String.join(", ", names));
    return ExitCode.PASSED;
  }
}
