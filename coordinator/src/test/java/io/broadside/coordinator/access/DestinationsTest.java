package io.broadside.coordinator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where plans may point: anywhere but metadata by default, only the listed hosts with a list. */
class DestinationsTest {
  private static String refusal(Destinations d, String url) {
    return d.refusal(URI.create(url));
  }

  @Test
  void byDefaultAnywhereButLinkLocalAndMetadata() {
    Destinations d = Destinations.ANY_BUT_METADATA;
    assertThat(refusal(d, "http://127.0.0.1:8000")).isNull();
    assertThat(refusal(d, "http://198.18.0.7:8000/v1")).isNull();
    assertThat(refusal(d, "http://169.254.169.254/latest/meta-data/")).contains("link-local");
    assertThat(refusal(d, "http://[fe80::1]:80/")).contains("link-local");
    assertThat(refusal(d, "http://[fd00:ec2::254]/")).contains("metadata");
    assertThat(refusal(d, "http://metadata.google.internal/computeMetadata/v1/"))
        .contains("metadata");
    assertThat(refusal(d, "http://100.100.100.200/")).contains("metadata");
    assertThat(refusal(d, "file:///etc/passwd")).isEqualTo("has no host");
  }

  @Test
  void aListAdmitsOnlyItsHostsDomainsAndNetworks() {
    Destinations d = Destinations.of(List.of("10.0.0.0/8", "vllm.internal", "*.svc.cluster.local"));
    assertThat(refusal(d, "http://10.1.2.3:8000")).isNull();
    assertThat(refusal(d, "http://vllm.internal:8000")).isNull(); // the agents may resolve it
    assertThat(refusal(d, "http://tgi.load.svc.cluster.local")).isNull();
    assertThat(refusal(d, "http://11.0.0.1")).contains("--allow-destinations");
    assertThat(refusal(d, "http://127.0.0.1:9000")).contains("--allow-destinations");
    assertThat(refusal(d, "http://elsewhere.invalid")).contains("--allow-destinations");
    assertThat(refusal(d, "http://169.254.169.254/")).contains("link-local");
    // only an entry that names it opens a link-local address
    assertThat(refusal(Destinations.of(List.of("169.254.0.0/16")), "http://169.254.169.254/"))
        .isNull();
    assertThat(refusal(Destinations.of(List.of("::1")), "http://[::1]:8000")).isNull();
    assertThatThrownBy(() -> Destinations.of(List.of("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
