package io.broadside.common.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A plan with the files it names, as one zip archive: the plan is the entry {@value #PLAN_ENTRY} at
 * its root, each file at its path relative to the plan's folder. So a plan written beside its
 * dataset runs on a coordinator and agents that never saw that folder.
 *
 * <p>Reading one is bounded: entry names must be relative paths without {@code ..}, a backslash or
 * a drive; at most {@link Limits#maxFiles} entries and {@link Limits#maxBytes} bytes unpacked
 * (counted while unpacking, whatever the archive claims).
 */
public final class PlanBundle {
  /** The plan's entry in an archive. */
  public static final String PLAN_ENTRY = "plan.yaml";

  /** The content type of an archive in the REST API. */
  public static final String MEDIA_TYPE = "application/zip";

  private static final Pattern SAFE_SEGMENT = Pattern.compile("[^/\\\\:\\x00-\\x1f]+");

  /** A file of a plan's folder: its relative path ('/'-separated), its SHA-256 and size. */
  public record File(String path, String sha256, long size) {}

  /** How much a bundle may unpack to. */
  public record Limits(int maxFiles, long maxBytes) {
    public static final Limits DEFAULT = new Limits(10_000, 1024L * 1024 * 1024);
  }

  /** A bad archive: the message says which rule it broke, never a file's content. */
  public static final class BundleException extends Exception {
    public BundleException(String message) {
      super(message);
    }
  }

  private PlanBundle() {}

  /**
   * Every file of {@code used} (regular files inside {@code folder}) by its relative path, with its
   * hash, in order and without repeats (blocking: each is read).
   */
  public static List<File> manifest(Path folder, List<Path> used) throws IOException {
    Path base = folder.toAbsolutePath().normalize();
    List<File> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Path p : used) {
      String rel = relative(base, p);
      if (seen.add(rel)) {
        out.add(new File(rel, sha256(p), Files.size(p)));
      }
    }
    return out;
  }

  /** {@code file}'s path relative to {@code base}, '/'-separated. */
  public static String relative(Path base, Path file) {
    Path rel = base.relativize(file.toAbsolutePath().normalize());
    StringBuilder out = new StringBuilder();
    for (Path segment : rel) {
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(segment);
    }
    return out.toString();
  }

  /** The archive of {@code planText} and the files {@code used} in {@code folder}. */
  public static void write(String planText, Path folder, List<Path> used, OutputStream out)
      throws IOException {
    Path base = folder.toAbsolutePath().normalize();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(PLAN_ENTRY));
      zip.write(planText.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      Set<String> seen = new HashSet<>(Set.of(PLAN_ENTRY));
      for (Path p : used) {
        String rel = relative(base, p);
        if (seen.add(rel)) {
          zip.putNextEntry(new ZipEntry(rel));
          Files.copy(p, zip);
          zip.closeEntry();
        }
      }
    }
  }

  /**
   * Unpacks an archive into {@code dest} (an empty or absent folder) and returns the plan's text.
   */
  public static String unpack(InputStream in, Path dest, Limits limits)
      throws IOException, BundleException {
    Files.createDirectories(dest);
    String plan = null;
    int files = 0;
    long bytes = 0;
    Set<String> seen = new HashSet<>();
    try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
      ZipEntry entry;
      byte[] buf = new byte[64 * 1024];
      while ((entry = nextEntry(zip)) != null) {
        String name = entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        String why = unsafePath(name);
        if (why != null) {
          throw new BundleException("the archive's entry '" + shown(name) + "' " + why);
        }
        if (!seen.add(name)) {
          throw new BundleException("the archive holds '" + shown(name) + "' twice");
        }
        if (++files > limits.maxFiles()) {
          throw new BundleException(
              "the archive holds more than " + limits.maxFiles() + " files (the limit)");
        }
        Path target = dest.resolve(name).normalize();
        if (!target.startsWith(dest)) {
          throw new BundleException("the archive's entry '" + shown(name) + "' leaves its folder");
        }
        Files.createDirectories(target.getParent());
        try (OutputStream file = Files.newOutputStream(target)) {
          int n;
          while ((n = zip.read(buf)) > 0) {
            bytes += n;
            if (bytes > limits.maxBytes()) {
              throw new BundleException(
                  "the archive unpacks to more than "
                      + limits.maxBytes() / (1024 * 1024)
                      + " MiB (the limit)");
            }
            file.write(buf, 0, n);
          }
        }
        if (name.equals(PLAN_ENTRY)) {
          plan = Files.readString(target, StandardCharsets.UTF_8);
        }
      }
    }
    if (plan == null) {
      throw new BundleException(
          "the archive holds no plan: the plan is its entry " + PLAN_ENTRY + " at the root");
    }
    return plan;
  }

  private static ZipEntry nextEntry(ZipInputStream zip) throws BundleException {
    try {
      return zip.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw new BundleException("the body is not a readable zip archive");
    }
  }

  /** Why a file's name in a bundle is no plain relative path, or null when it is one. */
  public static String unsafePath(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.length() > 1024) {
      return "is not a relative path";
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "is not a plain relative path (empty, '.' or '..' segments)";
      }
      if (!SAFE_SEGMENT.matcher(segment).matches()) {
        return "holds a backslash, a colon or a control character";
      }
    }
    return null;
  }

  private static String shown(String name) {
    String clean = name.replaceAll("[\\x00-\\x1f]", "?");
    return clean.length() > 120 ? clean.substring(0, 120) + "…" : clean;
  }

  /** The lowercase hex SHA-256 of a file (blocking). */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest = digest();
    byte[] buf = new byte[256 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A new SHA-256 digest. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether {@code text} is a lowercase hex SHA-256. */
  public static boolean isSha256(String text) {
    return text != null
        && text.length() == 64
        && text.equals(text.toLowerCase(Locale.ROOT))
        && text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }
}
