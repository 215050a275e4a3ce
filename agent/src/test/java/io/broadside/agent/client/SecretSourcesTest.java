package io.broadside.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.broadside.common.plan.Auth;
import io.broadside.common.plan.Target;
import io.broadside.common.plan.TargetProtocol;
import io.broadside.common.plan.Tls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent reads a plan's secrets only from what its operator allows: variables with its prefix
 * (BROADSIDE_ by default), files in its secret folder (none by default).
 */
class SecretSourcesTest {
  @TempDir Path dir;

  private static Target target(Auth auth) {
    return new Target(
        "secrets",
        TargetProtocol.OPENAI_CHAT,
        URI.create("http://127.0.0.1:9"),
        true,
        Duration.ofSeconds(5),
        auth,
        Map.of(),
        false,
        Tls.DEFAULT,
        null,
        null,
        List.of());
  }

  @Test
  void variablesOutsideThePrefixAreNotRead() {
    assertThatThrownBy(
            () ->
                TargetSecrets.resolve(
                    target(new Auth.Basic("HOME", "AWS_SECRET_ACCESS_KEY")), SecretSources.DEFAULT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("environment variable HOME is not one this agent lets plans read")
        .hasMessageContaining("BROADSIDE_")
        .hasMessageNotContaining(System.getenv("HOME"));
    // the variables the test's environment sets with the prefix are
    TargetSecrets ok =
        TargetSecrets.resolve(
            target(new Auth.Basic("BROADSIDE_TEST_USER", "BROADSIDE_TEST_PASSWORD")),
            SecretSources.DEFAULT);
    assertThat(ok.authorization()).startsWith("Basic ");
    // an operator may choose another prefix, never none
    assertThatThrownBy(
            () ->
                TargetSecrets.resolve(
                    target(new Auth.Bearer("BROADSIDE_TEST_USER", null)),
                    new SecretSources("LOADTEST_", null)))
        .hasMessageContaining("LOADTEST_");
    assertThatThrownBy(() -> new SecretSources("", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void filesOnlyFromTheSecretFolder() throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Path token = Files.writeString(secrets.resolve("token"), "s3cr3t\n");
    Path elsewhere = Files.writeString(dir.resolve("service-account-token"), "k8s-token\n");
    Path link = Files.createSymbolicLink(secrets.resolve("link"), elsewhere);

    assertThatThrownBy(
            () ->
                TargetSecrets.resolve(target(new Auth.Bearer(null, token)), SecretSources.DEFAULT))
        .hasMessageContaining("reads no secret file")
        .hasMessageNotContaining(dir.toString());
    SecretSources allowed = new SecretSources(SecretSources.DEFAULT_PREFIX, secrets);
    assertThat(TargetSecrets.resolve(target(new Auth.Bearer(null, token)), allowed).authorization())
        .isEqualTo("Bearer s3cr3t");
    for (Path outside : new Path[] {elsewhere, link}) {
      assertThatThrownBy(
              () -> TargetSecrets.resolve(target(new Auth.Bearer(null, outside)), allowed))
          .as(outside.toString())
          .hasMessageContaining("not in this agent's --secret-dir")
          .hasMessageNotContaining("k8s-token");
    }
  }
}
