package io.broadside.coordinator.access;

import java.nio.file.Path;

/**
 * How the REST API is secured.
 *
 * @param tokens the bearer tokens; null: none (only on loopback, or with {@code insecureNoAuth})
 * @param tlsCert PEM certificate chain served on the REST port; null: plain HTTP
 * @param tlsKey PEM private key of {@code tlsCert}
 * @param insecureNoAuth listen beyond loopback without tokens: anyone who reaches the port may
 *     launch load at any host
 */
public record RestSecurity(AccessTokens tokens, Path tlsCert, Path tlsKey, boolean insecureNoAuth) {
  public static final RestSecurity NONE = new RestSecurity(null, null, null, false);

  public RestSecurity {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("TLS needs both a certificate and its key");
    }
  }

  public boolean tls() {
    return tlsCert != null;
  }
}
