package io.broadside.protocol.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.broadside.common.cluster.MemberAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * This process's Hazelcast member. Blocking to create and to shut down (worker threads only);
 * listeners are called on Hazelcast's threads, so callers hop back to their own context.
 */
public final class Membership implements AutoCloseable {
  private final HazelcastInstance instance;

  private Membership(HazelcastInstance instance) {
    this.instance = instance;
  }

  /**
   * Joins (or forms) the cluster. Blocks until joined.
   *
   * @param lite true for agents: a lite member owns no partitions, so no migration ever pauses it
   * @param attributes published to every member (never a secret)
   */
  public static Membership join(
      MembershipSettings settings, boolean lite, Map<String, String> attributes) {
    return new Membership(Hazelcast.newHazelcastInstance(config(settings, lite, attributes)));
  }

  static Config config(MembershipSettings s, boolean lite, Map<String, String> attributes) {
    Config config = new Config();
    config.setClusterName(s.clusterName());
    config.setLiteMember(lite);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.local.localAddress", s.bindHost());
    // members are known up front: no need to wait for others before forming the cluster
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    attributes.forEach((k, v) -> config.getMemberAttributeConfig().setAttribute(k, v));
    // members share only their attributes, never a Java object: Java deserialization keeps to
    // the JDK's and Hazelcast's own classes, without the known gadget chains, should a stranger
    // reach 5701 (the open-source edition authenticates no member)
    config
        .getSerializationConfig()
        .setJavaSerializationFilterConfig(new JavaSerializationFilterConfig());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(s.port()).setPortAutoIncrement(s.portAutoIncrement());
    if (s.advertiseHost() != null) {
      network.setPublicAddress(s.advertiseHost());
    }
    if (!s.bindsAnyAddress()) {
      network.getInterfaces().setEnabled(true).addInterface(s.bindHost());
    }
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    if (s.kubernetes()) {
      kubernetes(config, join, s);
      return config;
    }
    join.getMulticastConfig().setEnabled(s.multicast());
    join.getTcpIpConfig().setEnabled(!s.multicast());
    s.members().forEach(m -> join.getTcpIpConfig().addMember(m));
    if (!s.multicast() && s.members().isEmpty()) {
      // alone: a wildcard bind address is no member address, the advertised one is
      join.getTcpIpConfig()
          .addMember(
              s.bindsAnyAddress() && s.advertiseHost() != null ? s.advertiseHost() : s.bindHost());
    }
    return config;
  }

  /**
   * Hazelcast's built-in Kubernetes API discovery: the members are the endpoints (ready or not) of
   * the Service, in one namespace. Never looks up nodes or services (expose-externally off, so the
   * Role needs only endpoints, endpointslices and pods). Pods that start together may form separate
   * clusters before they see each other; they merge within seconds, not the default minutes.
   */
  private static void kubernetes(Config config, JoinConfig join, MembershipSettings s) {
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    join.getKubernetesConfig()
        .setEnabled(true)
        .setProperty("namespace", s.kubernetesNamespace())
        .setProperty("service-name", s.kubernetesService())
        .setProperty("resolve-not-ready-addresses", "true")
        .setProperty("expose-externally", "false");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
  }

  /** The coordinator members' gRPC addresses, oldest member first. */
  public Optional<String> coordinatorGrpc() {
    return instance.getCluster().getMembers().stream()
        .filter(m -> MemberAttributes.COORDINATOR.equals(m.getAttribute(MemberAttributes.ROLE)))
        .map(m -> m.getAttribute(MemberAttributes.GRPC))
        .filter(a -> a != null && !a.isEmpty())
        .findFirst();
  }

  /** Calls {@code onChange} (on a Hazelcast thread) whenever a member joins or leaves. */
  public void onMembershipChange(Consumer<Member> onChange) {
    instance
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {
                onChange.accept(event.getMember());
              }

              @Override
              public void memberRemoved(MembershipEvent event) {
                onChange.accept(event.getMember());
              }
            });
  }

  /** The address other members reach this one at, {@code host:port}. */
  public String address() {
    var a = instance.getCluster().getLocalMember().getAddress();
    return a.getHost() + ":" + a.getPort();
  }

  /** Leaves the cluster. Blocks. */
  @Override
  public void close() {
    instance.shutdown();
  }
}
