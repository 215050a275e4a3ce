package io.broadside.protocol.cluster;

import io.broadside.common.cluster.MemberAttributes;
import java.util.List;

/**
 * How a process joins the cluster.
 *
 * @param clusterName members of other clusters are ignored
 * @param bindHost the local address Hazelcast listens on ({@code 0.0.0.0}: every interface, which
 *     then needs {@code advertiseHost})
 * @param port the Hazelcast port (5701); tried upward when {@code portAutoIncrement}
 * @param members TCP member list to join ({@code host[:port]}); empty: form or wait alone
 * @param multicast opt-in multicast discovery instead of the member list
 * @param advertiseHost nullable: the address other members should use (NAT, namespaces)
 * @param kubernetesService nullable: discover the members through the Kubernetes API, as the
 *     endpoints of this (headless) Service, instead of the member list or multicast
 * @param kubernetesNamespace the namespace of {@code kubernetesService} (nullable without it)
 */
public record MembershipSettings(
    String clusterName,
    String bindHost,
    int port,
    boolean portAutoIncrement,
    List<String> members,
    boolean multicast,
    String advertiseHost,
    String kubernetesService,
    String kubernetesNamespace) {

  public MembershipSettings {
    members = List.copyOf(members);
    if (kubernetesService != null && kubernetesNamespace == null) {
      throw new IllegalArgumentException("a Kubernetes service needs its namespace");
    }
  }

  /** A member list or multicast, no Kubernetes discovery. */
  public MembershipSettings(
      String clusterName,
      String bindHost,
      int port,
      boolean portAutoIncrement,
      List<String> members,
      boolean multicast,
      String advertiseHost) {
    this(
        clusterName,
        bindHost,
        port,
        portAutoIncrement,
        members,
        multicast,
        advertiseHost,
        null,
        null);
  }

  public static MembershipSettings loopback(int port, List<String> members) {
    return new MembershipSettings(
        MemberAttributes.DEFAULT_CLUSTER_NAME, "127.0.0.1", port, true, members, false, null);
  }

  /** These settings discovering the members as the endpoints of a Kubernetes Service. */
  public MembershipSettings withKubernetes(String service, String namespace) {
    return new MembershipSettings(
        clusterName,
        bindHost,
        port,
        portAutoIncrement,
        members,
        false,
        advertiseHost,
        service,
        namespace);
  }

  /** True when the members are discovered through the Kubernetes API. */
  public boolean kubernetes() {
    return kubernetesService != null;
  }

  /** True when {@code bindHost} is a wildcard address (every interface). */
  public boolean bindsAnyAddress() {
    return "0.0.0.0".equals(bindHost) || "::".equals(bindHost) || "[::]".equals(bindHost);
  }
}
