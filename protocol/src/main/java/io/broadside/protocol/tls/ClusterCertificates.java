package io.broadside.protocol.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A cluster's own certificate authority (ECDSA P-256, SHA-256) and the certificates it issues to
 * its coordinators and agents, written as PEM files: certificates world-readable, private keys
 * readable by their owner only (PKCS#8, unencrypted, as Vert.x and Netty read them).
 *
 * <pre>{@code
 * ClusterCertificates ca = ClusterCertificates.newAuthority("prod", Duration.ofDays(3650));
 * ca.write(dir);                                  // ca.pem, ca-key.pem
 * ca.issue("coordinator", ClusterTls.COORDINATOR, List.of("10.0.0.1"), Duration.ofDays(825))
 *     .write(dir);                                // coordinator.pem, coordinator-key.pem
 * }</pre>
 */
public final class ClusterCertificates {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair keys;
  private final X509Certificate certificate;

  private ClusterCertificates(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new authority named {@code cluster}, valid for {@code validity} from now. */
  public static ClusterCertificates newAuthority(String cluster, Duration validity) {
    KeyPair keys = newKeys();
    X500Name name = name("Broadside cluster CA " + cluster, null);
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial(),
                  Date.from(now.minus(Duration.ofMinutes(5))),
                  Date.from(now.plus(validity)),
                  name,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new ClusterCertificates(keys, sign(b, keys.getPrivate()));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a certificate authority", e);
    }
  }

  /** The authority of {@code ca.pem} and {@code ca-key.pem} in {@code dir}. */
  public static ClusterCertificates readAuthority(Path dir) throws IOException {
    return new ClusterCertificates(
        Pem.readKeyPair(dir.resolve("ca-key.pem")), Pem.readCertificate(dir.resolve("ca.pem")));
  }

  /**
   * A certificate named {@code name} (its common name, and the files' base name) for {@code role}
   * (its organizational unit: {@link ClusterTls#COORDINATOR} or {@link ClusterTls#AGENT}), for both
   * ends of TLS (server and client), with {@code hosts} (names or IP addresses) as its subject
   * alternative names, signed by this authority.
   */
  public Issued issue(String name, String role, List<String> hosts, Duration validity) {
    if (!ClusterTls.COORDINATOR.equals(role) && !ClusterTls.AGENT.equals(role)) {
      throw new IllegalArgumentException(
          "a certificate's role is coordinator or agent, was '" + role + "'");
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a certificate name is 1 to 64 letters, digits, '.', '_' or '-', was '" + name + "'");
    }
    KeyPair leaf = newKeys();
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      List<GeneralName> names = new ArrayList<>();
      for (String host : hosts) {
        names.add(
            isIpLiteral(host)
                ? new GeneralName(GeneralName.iPAddress, host)
                : new GeneralName(GeneralName.dNSName, host));
      }
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serial(),
                  Date.from(now.minus(Duration.ofMinutes(5))),
                  Date.from(now.plus(validity)),
                  name(name, role),
                  leaf.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                      }))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(leaf.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  ext.createAuthorityKeyIdentifier(certificate));
      if (!names.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      return new Issued(name, leaf.getPrivate(), sign(b, keys.getPrivate()), certificate);
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a certificate", e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** Writes {@code ca.pem} and {@code ca-key.pem} (owner only) into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Pem.write(dir.resolve("ca.pem"), Pem.of(certificate), false);
    Pem.write(dir.resolve("ca-key.pem"), Pem.of(keys.getPrivate()), true);
  }

  /** An issued certificate with its key and the authority that signed it. */
  public record Issued(
      String name, PrivateKey key, X509Certificate certificate, X509Certificate authority) {
    public Path certificateFile(Path dir) {
      return dir.resolve(name + ".pem");
    }

    public Path keyFile(Path dir) {
      return dir.resolve(name + "-key.pem");
    }

    /** Writes {@code NAME.pem} (the certificate) and {@code NAME-key.pem} (owner only). */
    public void write(Path dir) throws IOException {
      Files.createDirectories(dir);
      Pem.write(certificateFile(dir), Pem.of(certificate), false);
      Pem.write(keyFile(dir), Pem.of(key), true);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey by)
      throws OperatorCreationException, GeneralSecurityException {
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(by);
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(256, RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has EC P-256", e);
    }
  }

  private static X500Name name(String commonName, String role) {
    X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Broadside");
    if (role != null) {
      b.addRDN(BCStyle.OU, role);
    }
    return b.addRDN(BCStyle.CN, commonName).build();
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return false;
    }
    try {
      InetAddress.getByName(host); // a literal: no lookup
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The certificate in a PEM file (blocking). */
  public static X509Certificate readCertificate(Path file) throws IOException {
    return Pem.readCertificate(file);
  }

  /** PEM text in and out. */
  static final class Pem {
    private Pem() {}

    static String of(Object object) {
      StringWriter out = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(out)) {
        w.writeObject(
            object instanceof PrivateKey k ? new JcaPKCS8Generator(k, null).generate() : object);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toString();
    }

    static void write(Path file, String text, boolean secret) throws IOException {
      Files.deleteIfExists(file);
      if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    static X509Certificate readCertificate(Path file) throws IOException {
      try (var parser = new org.bouncycastle.openssl.PEMParser(Files.newBufferedReader(file))) {
        Object o = parser.readObject();
        if (!(o instanceof org.bouncycastle.cert.X509CertificateHolder holder)) {
          throw new IOException(file.getFileName() + " holds no PEM certificate");
        }
        return new JcaX509CertificateConverter().getCertificate(holder);
      } catch (GeneralSecurityException e) {
        throw new IOException(file.getFileName() + ": " + e.getMessage(), e);
      }
    }

    static KeyPair readKeyPair(Path keyFile) throws IOException {
      try (var parser = new org.bouncycastle.openssl.PEMParser(Files.newBufferedReader(keyFile))) {
        Object o = parser.readObject();
        if (!(o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info)) {
          throw new IOException(keyFile.getFileName() + " holds no unencrypted PKCS#8 key");
        }
        PrivateKey key =
            new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPrivateKey(info);
        // the public half is in the certificate; an authority signs with the private one only
        return new KeyPair(null, key);
      }
    }
  }
}
