package io.broadside.common.plan;

import java.nio.file.Path;

/**
 * TLS options of an https target. Files are PEM, resolved against the plan's folder and read on the
 * agent.
 *
 * @param caFile nullable: trust these certificates instead of the JVM's default trust store
 * @param certFile nullable: client certificate chain for mutual TLS (with {@code keyFile})
 * @param keyFile nullable: the client certificate's private key (PKCS#8)
 * @param insecure trust any server certificate; only when the plan asks for it
 * @param serverName nullable: the SNI and verification host name, when not the URL's host
 */
public record Tls(Path caFile, Path certFile, Path keyFile, boolean insecure, String serverName) {
  public static final Tls DEFAULT = new Tls(null, null, null, false, null);
}
