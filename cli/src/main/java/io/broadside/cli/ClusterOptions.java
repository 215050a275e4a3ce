package io.broadside.cli;

import io.broadside.common.cluster.MemberAttributes;
import io.broadside.protocol.cluster.MembershipSettings;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How a coordinator or an agent joins the Hazelcast cluster. */
final class ClusterOptions {
  @Option(names = "--cluster-name", defaultValue = MemberAttributes.DEFAULT_CLUSTER_NAME)
  String clusterName;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "local address to listen on")
  String bind;

  @Option(
      names = "--hz-port",
      defaultValue = "5701",
      description = "Hazelcast port (tried upward when taken)")
  int hazelcastPort;

  @Option(
      names = "--advertise",
      description = "address other hosts reach this one at (NAT, network namespaces)")
  String advertise;

  @Option(
      names = "--multicast",
      description = "discover members by multicast instead of a member list")
  boolean multicast;

  MembershipSettings settings(List<String> members) {
    return new MembershipSettings(
        clusterName, bind, hazelcastPort, true, new ArrayList<>(members), multicast, advertise);
  }
}
