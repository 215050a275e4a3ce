package io.broadside.coordinator.access;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where this coordinator lets plans send load, ask Prometheus and upload results: the hosts and
 * networks of its {@code --allow-destinations}, or, without one, anywhere but link-local and cloud
 * metadata addresses, which are refused unless an entry names them. A load tester must not become
 * the way to a cloud's instance credentials.
 *
 * <p>Entries: a host name ({@code vllm.internal}), a domain ({@code *.svc.cluster.local}), an
 * address or a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}). A name is resolved here
 * (blocking: call on a worker); every address it resolves to must be allowed. A name this host
 * cannot resolve is allowed when an entry names it (the agents may resolve it), and without a list
 * unless it is a metadata name.
 */
public final class Destinations {
  /** Names that point at an instance's metadata service on some cloud. */
  private static final Set<String> METADATA_NAMES =
      Set.of("metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal");

  private final List<String> names = new ArrayList<>();
  private final List<String> domains = new ArrayList<>();
  private final List<Cidr> networks = new ArrayList<>();
  private final boolean listed;

  private Destinations(boolean listed) {
    this.listed = listed;
  }

  /** No list: anywhere but link-local and metadata addresses. */
  public static final Destinations ANY_BUT_METADATA = new Destinations(false);

  /**
   * The allow-list of {@code entries}; null or empty: {@link #ANY_BUT_METADATA}.
   *
   * @throws IllegalArgumentException naming a malformed entry
   */
  public static Destinations of(List<String> entries) {
    if (entries == null || entries.isEmpty()) {
      return ANY_BUT_METADATA;
    }
    Destinations d = new Destinations(true);
    for (String raw : entries) {
      String e = raw.strip().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      if (e.startsWith("*.")) {
        d.domains.add(e.substring(1));
      } else if (e.contains("/") || looksLikeAddress(e)) {
        d.networks.add(Cidr.parse(e));
      } else {
        d.names.add(e);
      }
    }
    return d;
  }

  /** Null when {@code url} may be reached, else why not (without the addresses it resolved to). */
  public String refusal(URI url) {
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      return "has no host";
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    boolean named = names.contains(host) || domains.stream().anyMatch(host::endsWith);
    if (METADATA_NAMES.contains(host) && !named) {
      return "is a cloud metadata service, which this coordinator never reaches";
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return !listed || named ? null : notListed(host);
    }
    for (InetAddress a : addresses) {
      boolean inNetwork = networks.stream().anyMatch(n -> n.contains(a));
      if (metadata(a) && !inNetwork) {
        return "is a link-local or cloud metadata address, which this coordinator reaches only"
            + " when --allow-destinations names it";
      }
      if (listed && !named && !inNetwork) {
        return notListed(host);
      }
    }
    return null;
  }

  private static String notListed(String host) {
    return "is not a destination this coordinator allows (--allow-destinations): " + host;
  }

  /**
   * Link-local (169.254/16, fe80::/10, where clouds keep metadata) and other metadata addresses.
   */
  static boolean metadata(InetAddress a) {
    if (a.isLinkLocalAddress()) {
      return true;
    }
    String text = a.getHostAddress();
    // Alibaba's metadata; AWS's over IPv6
    return text.equals("100.100.100.200") || text.equals("fd00:ec2:0:0:0:0:0:254");
  }

  private static boolean looksLikeAddress(String e) {
    return e.matches("[0-9.]+") || e.contains(":");
  }

  /** An address block. */
  record Cidr(BigInteger network, int bits, int length) {
    static Cidr parse(String text) {
      int slash = text.indexOf('/');
      String address = slash < 0 ? text : text.substring(0, slash);
      InetAddress a;
      try {
        // a literal: no lookup
        if (!looksLikeAddress(address)) {
          throw new IllegalArgumentException("not an address: " + text);
        }
        a = InetAddress.getByName(address);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an address: " + text);
      }
      int length = a.getAddress().length * 8;
      int bits;
      try {
        bits = slash < 0 ? length : Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a prefix length: " + text);
      }
      if (bits < 0 || bits > length) {
        throw new IllegalArgumentException("not a prefix length: " + text);
      }
      return new Cidr(prefix(a.getAddress(), bits, length), bits, length);
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      return b.length * 8 == length && prefix(b, bits, length).equals(network);
    }

    private static BigInteger prefix(byte[] address, int bits, int length) {
      BigInteger v = new BigInteger(1, address);
      return bits == 0 ? BigInteger.ZERO : v.shiftRight(length - bits);
    }
  }
}
