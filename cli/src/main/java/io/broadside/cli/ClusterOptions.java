package io.broadside.cli;

import io.broadside.common.cluster.MemberAttributes;
import io.broadside.protocol.cluster.MembershipSettings;
import io.broadside.protocol.tls.ClusterTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How a coordinator or an agent joins the Hazelcast cluster. */
final class ClusterOptions {
  /** Where Kubernetes mounts the pod's namespace. */
  static final Path POD_NAMESPACE_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--cluster-name",
      defaultValue = MemberAttributes.DEFAULT_CLUSTER_NAME,
      description =
          "the Hazelcast cluster to join: a coordinator and its agents share it (default:"
              + " ${DEFAULT-VALUE})")
  String clusterName;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "local address to listen on (0.0.0.0: every interface, with --advertise)")
  String bind;

  @Option(
      names = "--hz-port",
      defaultValue = "5701",
      description = "Hazelcast port (tried upward when taken)")
  int hazelcastPort;

  @Option(
      names = "--advertise",
      description = "address other hosts reach this one at (NAT, containers, network namespaces)")
  String advertise;

  @Option(
      names = "--multicast",
      description = "discover members by multicast instead of a member list")
  boolean multicast;

  @Option(
      names = "--kubernetes-service",
      paramLabel = "NAME",
      description =
          "discover members through the Kubernetes API as the endpoints of this headless Service"
              + " (needs get/list on endpoints, endpointslices and pods)")
  String kubernetesService;

  @Option(
      names = "--kubernetes-namespace",
      description = "the Service's namespace (default: the pod's own, else 'default')")
  String kubernetesNamespace;

  @Option(
      names = "--ca",
      paramLabel = "PEM",
      description =
          "the cluster's authority (broadside certs): mutual TLS between agents and coordinator")
  Path ca;

  @Option(names = "--cert", paramLabel = "PEM", description = "this member's certificate (--ca)")
  Path cert;

  @Option(names = "--key", paramLabel = "PEM", description = "this member's private key (--ca)")
  Path key;

  /** Mutual TLS with the cluster's authority, or null without {@code --ca}. */
  ClusterTls clusterTls() {
    if (ca == null && cert == null && key == null) {
      return null;
    }
    if (ca == null || cert == null || key == null) {
      throw invalid("mutual TLS needs --ca, --cert and --key together");
    }
    try {
      return new ClusterTls(ca, cert, key);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /** Whether members are discovered (multicast, Kubernetes) rather than listed. */
  boolean discovers() {
    return multicast || kubernetesService != null;
  }

  MembershipSettings settings(List<String> members) {
    if (multicast && kubernetesService != null) {
      throw invalid("--multicast and --kubernetes-service are two ways to discover: choose one");
    }
    if (kubernetesService != null && !members.isEmpty()) {
      throw invalid("--kubernetes-service discovers the members: give no member list with it");
    }
    MembershipSettings settings =
        new MembershipSettings(
            clusterName, bind, hazelcastPort, true, new ArrayList<>(members), multicast, advertise);
    if (settings.bindsAnyAddress() && advertise == null) {
      throw invalid(
          "--bind "
              + bind
              + " listens on every interface: give --advertise, the address others"
              + " reach this host at");
    }
    if (kubernetesService != null) {
      settings =
          settings.withKubernetes(
              kubernetesService,
              kubernetesNamespace != null ? kubernetesNamespace : podNamespace(POD_NAMESPACE_FILE));
    }
    return settings;
  }

  /** The namespace in the file Kubernetes mounts in every pod, or {@code default} without it. */
  static String podNamespace(Path file) {
    try {
      if (Files.isReadable(file)) {
        String namespace = Files.readString(file).trim();
        if (!namespace.isEmpty()) {
          return namespace;
        }
      }
    } catch (IOException e) {
      // not in a pod, or no service account mounted
    }
    return "default";
  }

  ParameterException invalid(String message) {
    return new ParameterException(command.commandLine(), message);
  }
}
