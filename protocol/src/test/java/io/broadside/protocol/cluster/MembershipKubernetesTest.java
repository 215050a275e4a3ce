package io.broadside.protocol.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Hazelcast configuration each way of joining builds (no member is started, no API called). */
class MembershipKubernetesTest {
  private static MembershipSettings base(String bind, String advertise, List<String> members) {
    return new MembershipSettings("broadside", bind, 5701, true, members, false, advertise);
  }

  @Test
  void kubernetesServiceEnablesApiDiscoveryAndDisablesTheMemberList() {
    MembershipSettings s =
        base("0.0.0.0", "10.1.2.3", List.of()).withKubernetes("broadside-hazelcast", "load");
    Config config = Membership.config(s, true, Map.of());
    JoinConfig join = config.getNetworkConfig().getJoin();

    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperties())
        .containsEntry("service-name", "broadside-hazelcast")
        .containsEntry("namespace", "load")
        .containsEntry("expose-externally", "false")
        .containsEntry("resolve-not-ready-addresses", "true");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    // Java deserialization between members is filtered, with Hazelcast's default lists
    assertThat(config.getSerializationConfig().getJavaSerializationFilterConfig())
        .isNotNull()
        .satisfies(f -> assertThat(f.isDefaultsDisabled()).isFalse());
    assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("10.1.2.3");
    // a wildcard bind is no interface to match
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
    assertThat(config.isLiteMember()).isTrue();
    // the configuration is one Hazelcast accepts as it is
    join.verify();
  }

  @Test
  void withoutKubernetesTheMemberListIsUsed() {
    Config config =
        Membership.config(base("10.0.0.2", null, List.of("10.0.0.1:5701")), false, Map.of());
    JoinConfig join = config.getNetworkConfig().getJoin();

    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:5701");
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces())
        .containsExactly("10.0.0.2");
  }

  @Test
  void aLoneMemberOnAWildcardAddressListsItsAdvertisedAddress() {
    Config config = Membership.config(base("0.0.0.0", "coordinator", List.of()), false, Map.of());

    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("coordinator");
  }

  @Test
  void aServiceNeedsItsNamespace() {
    assertThatThrownBy(
            () ->
                new MembershipSettings(
                    "broadside", "0.0.0.0", 5701, true, List.of(), false, "x", "svc", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
