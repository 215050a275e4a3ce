package io.broadside.coordinator.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The REST API's bearer tokens, as their SHA-256 hashes with a name and a role: the tokens file
 * holds no token, so reading it grants nothing. A line is {@code NAME ROLE sha256:HEX}; {@code #}
 * starts a comment. Tokens are 256 random bits, so a plain hash is as strong as a slow one here
 * (nothing to guess from a dictionary), and a lookup by hash compares no secret byte by byte.
 */
public final class AccessTokens {
  /** Every token starts with it, so a leaked one is easy to recognise and search for. */
  public static final String PREFIX = "bsd_";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A token's name and role. */
  public record Entry(String name, Role role) {}

  private final Map<String, Entry> byHash;

  private AccessTokens(Map<String, Entry> byHash) {
    this.byHash = Map.copyOf(byHash);
  }

  /**
   * Reads a tokens file. A bad line is named by its number and what it lacks, never quoted: the
   * file is not echoed anywhere.
   *
   * @throws IllegalArgumentException for a malformed file or one with no token
   */
  public static AccessTokens read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.getFileName().toString());
  }

  static AccessTokens parse(List<String> lines, String fileName) {
    Map<String, Entry> byHash = new LinkedHashMap<>();
    Map<String, Integer> names = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String[] fields = (hash < 0 ? line : line.substring(0, hash)).strip().split("\\s+");
      if (fields.length == 1 && fields[0].isEmpty()) {
        continue;
      }
      String where = fileName + " line " + (i + 1) + ": ";
      if (fields.length != 3) {
        throw new IllegalArgumentException(
            where + "expected NAME ROLE sha256:HEX (broadside token writes such lines)");
      }
      if (!NAME.matcher(fields[0]).matches()) {
        throw new IllegalArgumentException(where + "a name is 1 to 64 letters, digits or . _ @ -");
      }
      Role role =
          Role.of(fields[1])
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          where + "the role is one of viewer, operator, admin"));
      if (!HASH.matcher(fields[2]).matches()) {
        throw new IllegalArgumentException(
            where + "the third field is sha256: and 64 lower-case hex digits, not a token");
      }
      Integer before = names.put(fields[0], i + 1);
      if (before != null) {
        throw new IllegalArgumentException(
            where + "the name is already on line " + before + " (names tell callers apart)");
      }
      if (byHash.put(fields[2], new Entry(fields[0], role)) != null) {
        throw new IllegalArgumentException(where + "the same token is listed twice");
      }
    }
    if (byHash.isEmpty()) {
      throw new IllegalArgumentException(fileName + " holds no token");
    }
    return new AccessTokens(byHash);
  }

  /** The token's name and role, if it is one of these. */
  public Optional<Entry> find(String token) {
    return Optional.ofNullable(byHash.get(hash(token)));
  }

  public int size() {
    return byHash.size();
  }

  /** The tokens' names. */
  public java.util.Set<String> names() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    byHash.values().forEach(e -> names.add(e.name()));
    return names;
  }

  /** A new token: the prefix and 256 random bits, URL-safe. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The form a tokens file keeps a token in. */
  public static String hash(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return "sha256:"
          + HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The tokens-file line of {@code token}. */
  public static String line(String name, Role role, String token) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a name is 1 to 64 letters, digits or . _ @ -");
    }
    return name + " " + role.wire() + " " + hash(token);
  }
}
