package io.broadside.protocol.cluster;

import io.broadside.common.cluster.MemberAttributes;
import java.util.List;

/**
 * How a process joins the cluster.
 *
 * @param clusterName members of other clusters are ignored
 * @param bindHost the local address Hazelcast listens on
 * @param port the Hazelcast port (5701); tried upward when {@code portAutoIncrement}
 * @param members TCP member list to join ({@code host[:port]}); empty: form or wait alone
 * @param multicast opt-in multicast discovery instead of the member list
 * @param advertiseHost nullable: the address other members should use (NAT, namespaces)
 */
public record MembershipSettings(
    String clusterName,
    String bindHost,
    int port,
    boolean portAutoIncrement,
    List<String> members,
    boolean multicast,
    String advertiseHost) {

  public MembershipSettings {
    members = List.copyOf(members);
  }

  public static MembershipSettings loopback(int port, List<String> members) {
    return new MembershipSettings(
        MemberAttributes.DEFAULT_CLUSTER_NAME, "127.0.0.1", port, true, members, false, null);
  }
}
