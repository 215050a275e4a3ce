package io.broadside.agent.client.http;

import io.broadside.agent.client.TargetSecrets;
import io.broadside.common.plan.Tls;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/** The plan's TLS options on a Vert.x client, for HTTP and gRPC transports alike. */
public final class TlsClientOptions {
  private TlsClientOptions() {}

  /**
   * Turns on TLS: ALPN when {@code alpn} (offering h2 and http/1.1), trust-all only when the plan
   * says {@code insecure}, the plan's CA certificates instead of the JVM's, its client certificate
   * for mutual TLS, and SNI for a {@code serverName}.
   */
  public static void apply(
      HttpClientOptions options, Tls tls, TargetSecrets.TlsPem pem, boolean alpn) {
    options.setSsl(true).setUseAlpn(alpn);
    if (tls.insecure()) {
      options.setTrustAll(true).setVerifyHost(false);
    }
    if (pem.ca() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem.ca())));
    }
    if (pem.cert() != null) {
      options.setKeyCertOptions(
          new PemKeyCertOptions()
              .addCertValue(Buffer.buffer(pem.cert()))
              .addKeyValue(Buffer.buffer(pem.key())));
    }
    if (tls.serverName() != null) {
      options.setForceSni(true);
    }
  }
}
