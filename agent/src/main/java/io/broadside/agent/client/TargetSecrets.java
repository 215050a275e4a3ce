package io.broadside.agent.client;

import io.broadside.common.plan.Auth;
import io.broadside.common.plan.Target;
import io.broadside.common.plan.Tls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What a target's plan names and the agent must read before a run: an {@code Authorization} header
 * value (bearer or basic), AWS credentials from the SDK's default provider chain, and the PEM files
 * of its TLS options (read here so that no event loop ever reads a file). Never written to results
 * or logs.
 *
 * @param authorization nullable: the {@code Authorization} header value
 * @param aws nullable: resolves AWS credentials for SigV4 (may block: only off the event loops)
 * @param awsIdentity nullable: what {@code aws} resolved at preparation
 * @param tlsPem the TLS files' contents
 */
public record TargetSecrets(
    String authorization,
    AwsCredentialsProvider aws,
    AwsCredentialsIdentity awsIdentity,
    TlsPem tlsPem) {
  public static final TargetSecrets NONE = new TargetSecrets(null, null, null, TlsPem.NONE);

  /**
   * PEM contents of a target's TLS files.
   *
   * @param ca nullable: certificates to trust
   * @param cert nullable: client certificate chain
   * @param key nullable: client key
   */
  public record TlsPem(byte[] ca, byte[] cert, byte[] key) {
    public static final TlsPem NONE = new TlsPem(null, null, null);

    static TlsPem read(Tls tls) {
      return new TlsPem(bytes(tls.caFile()), bytes(tls.certFile()), bytes(tls.keyFile()));
    }

    private static byte[] bytes(Path file) {
      if (file == null) {
        return null;
      }
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read TLS file " + file.getFileName(), e);
      }
    }
  }

  /**
   * Reads what {@code target.auth()} names. Blocking (environment, files, the first AWS provider
   * look-up): call on a worker thread.
   *
   * @throws IllegalStateException naming the variable or file when one is missing, or not one
   *     {@code sources} allows
   */
  public static TargetSecrets resolve(Target target, SecretSources sources) {
    TlsPem pem = TlsPem.read(target.tls());
    Auth auth = target.auth();
    if (auth == null) {
      return new TargetSecrets(null, null, null, pem);
    }
    if (auth instanceof Auth.Bearer b) {
      return new TargetSecrets(
          "Bearer " + (b.env() != null ? sources.env(b.env()) : file(sources.file(b.file()))),
          null,
          null,
          pem);
    }
    if (auth instanceof Auth.Basic b) {
      String pair = sources.env(b.userEnv()) + ":" + sources.env(b.passwordEnv());
      return new TargetSecrets(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)),
          null,
          null,
          pem);
    }
    AwsCredentialsProvider provider = DefaultCredentialsProvider.builder().build();
    // the first look-up walks the chain (files, maybe the network): here, not on an event loop
    AwsCredentialsIdentity first = provider.resolveCredentials();
    if (first.accessKeyId() == null || first.accessKeyId().isEmpty()) {
      throw new IllegalStateException("the AWS default credentials chain found no access key");
    }
    return new TargetSecrets(null, provider, first, pem);
  }

  private static String file(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bearer token file " + file.getFileName(), e);
    }
  }

  @Override
  public String toString() {
    return "TargetSecrets["
        + (authorization != null ? "authorization" : aws != null ? "aws" : "none")
        + "]";
  }
}
