package io.broadside.coordinator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTokensTest {
  @Test
  void findsATokenByItsHashAndKnowsNoOther() {
    String token = AccessTokens.newToken();
    assertThat(token).startsWith("bsd_").hasSize(4 + 43);
    assertThat(AccessTokens.newToken()).isNotEqualTo(token);
    AccessTokens tokens =
        AccessTokens.parse(
            List.of("# comment", "", "ci operator " + AccessTokens.hash(token) + "  # the CI"),
            "tokens");
    assertThat(tokens.find(token)).hasValue(new AccessTokens.Entry("ci", Role.OPERATOR));
    assertThat(tokens.find(token + "x")).isEmpty();
    assertThat(tokens.find(AccessTokens.hash(token))).as("the hash is no token").isEmpty();
    assertThat(AccessTokens.line("ci", Role.OPERATOR, token))
        .isEqualTo("ci operator " + AccessTokens.hash(token))
        .doesNotContain(token);
  }

  @Test
  void aBadLineIsNamedByItsNumberAndNeverQuoted() {
    String secret = "bsd_this-should-never-be-echoed";
    for (List<String> lines :
        List.of(
            List.of("ci operator " + secret),
            List.of("ci root " + AccessTokens.hash("t")),
            List.of(secret),
            List.of("c i operator " + AccessTokens.hash("t")))) {
      assertThatThrownBy(() -> AccessTokens.parse(lines, "tokens"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("tokens line 1: ")
          .hasMessageNotContaining(secret)
          .hasMessageNotContaining("this-should");
    }
    assertThatThrownBy(() -> AccessTokens.parse(List.of("# none"), "tokens"))
        .hasMessageContaining("no token");
    String h = AccessTokens.hash("t");
    assertThatThrownBy(() -> AccessTokens.parse(List.of("a viewer " + h, "a admin " + h), "tokens"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("already on line 1");
  }

  @Test
  void rolesByMethodAndActionsByPath() {
    assertThat(AccessPolicy.needed(HttpMethod.GET)).isEqualTo(Role.VIEWER);
    assertThat(AccessPolicy.needed(HttpMethod.POST)).isEqualTo(Role.OPERATOR);
    assertThat(AccessPolicy.needed(HttpMethod.PUT)).isEqualTo(Role.OPERATOR);
    assertThat(AccessPolicy.needed(HttpMethod.DELETE)).isEqualTo(Role.ADMIN);
    assertThat(Role.ADMIN.allows(Role.OPERATOR)).isTrue();
    assertThat(Role.VIEWER.allows(Role.OPERATOR)).isFalse();
    assertThat(AccessPolicy.action(HttpMethod.POST, "/api/v1/runs/x/stop")).isEqualTo("stop");
    assertThat(AccessPolicy.destination(java.net.URI.create("https://u:p@h:1/v1/x?k=v#f")))
        .isEqualTo("https://h:1/v1/x");
  }
}
