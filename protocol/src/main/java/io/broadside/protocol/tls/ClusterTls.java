package io.broadside.protocol.tls;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Mutual TLS on the link between agents and their coordinator: each side presents a certificate of
 * the cluster's authority ({@code broadside certs}) and accepts only a peer whose certificate that
 * authority signed, in the role it expects (the organizational unit: an agent's control stream must
 * come from an {@code agent}, the coordinator an agent follows must be a {@code coordinator}). An
 * agent's certificate names the agent ids it may use: its common name, or that name followed by
 * {@code -} and anything (one certificate shared by a fleet: {@code fleet} admits {@code
 * fleet-pod-1}).
 *
 * @param ca the authority's certificate (PEM)
 * @param cert this member's certificate (PEM)
 * @param key this member's private key (PEM, PKCS#8)
 */
public record ClusterTls(Path ca, Path cert, Path key) {
  public static final String COORDINATOR = "coordinator";
  public static final String AGENT = "agent";

  /** Checks that the three files exist and are readable (blocking). */
  public ClusterTls {
    for (Path p : List.of(ca, cert, key)) {
      if (!Files.isReadable(p)) {
        throw new IllegalArgumentException("cannot read " + p.getFileName());
      }
    }
  }

  /** The gRPC server's options: TLS with ALPN (HTTP/2), and a client certificate required. */
  public HttpServerOptions server(HttpServerOptions options) {
    return options
        .setSsl(true)
        .setUseAlpn(true)
        .setKeyCertOptions(keyCert())
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
        .setClientAuth(ClientAuth.REQUIRED);
  }

  /**
   * A gRPC client's options: HTTP/2 over TLS to a server of the cluster's authority, presenting
   * this member's certificate; one connection per coordinator (Vert.x's HTTP/2 pool of one), so the
   * control and snapshot streams share it.
   *
   * <p>The host name is not checked: the authority is the cluster's own and signs nothing but its
   * members, whose identity is the role and name in their certificate, which the caller checks
   * ({@link #peer}) before it sends or reads anything. A coordinator's address is what it
   * advertises, often a pod's address known only once it runs, which no certificate made before
   * could name.
   */
  public HttpClientOptions client() {
    return new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setSsl(true)
        .setUseAlpn(true)
        .setVerifyHost(false)
        .setKeyCertOptions(keyCert())
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
  }

  private PemKeyCertOptions keyCert() {
    return new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString());
  }

  /** Who a certificate says a member is: its common name and its role. */
  public record Identity(String name, String role) {
    /** Whether this agent certificate may be used by agent {@code agentId}. */
    public boolean admitsAgent(String agentId) {
      return AGENT.equals(role)
          && (agentId.equals(name)
              || (agentId.startsWith(name + "-") && agentId.length() > name.length() + 1));
    }
  }

  /** The peer's identity on a TLS connection, or empty on a plain one or without a certificate. */
  public static Optional<Identity> peer(HttpConnection connection) {
    if (connection == null || !connection.isSsl()) {
      return Optional.empty();
    }
    try {
      List<Certificate> chain = connection.peerCertificates();
      if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
        return Optional.empty();
      }
      return Optional.of(identity(leaf));
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  /** The identity in a PEM certificate file (blocking). */
  public static Identity identityOf(Path certificateFile) {
    try {
      return identity(ClusterCertificates.readCertificate(certificateFile));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** A certificate's common name and organizational unit. */
  public static Identity identity(X509Certificate certificate) {
    String cn = null;
    String ou = null;
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = String.valueOf(rdn.getValue());
        } else if (rdn.getType().equalsIgnoreCase("OU")) {
          ou = String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      return new Identity(null, null);
    }
    return new Identity(cn, ou);
  }
}
