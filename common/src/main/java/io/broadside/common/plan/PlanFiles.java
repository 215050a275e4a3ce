package io.broadside.common.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where the files a plan names may be: inside one folder (the plan's own, for {@code broadside
 * run}; the coordinator's {@code --plan-root} for a plan sent over its API), or nowhere.
 *
 * <p>A name resolves against the folder, and what it names must lie inside it, also after following
 * links, and outside every excluded folder (the coordinator's data folder). A refusal says which
 * rule it broke and never the absolute path it resolved to; a name that was absolute is not
 * repeated either, and no reader quotes a line of a file it opened.
 */
public final class PlanFiles {
  private final Path folder;
  private final String where;
  private final String none;
  private final boolean confined;
  private final List<Excluded> excluded;
  private final boolean readBack;
  // the files a parse used, when recording (null otherwise): what a plan's bundle carries
  private final List<Path> used;

  private record Excluded(Path folder, String what) {}

  private PlanFiles(
      Path folder, String where, String none, boolean confined, List<Excluded> excluded) {
    this(folder, where, none, confined, excluded, false);
  }

  private PlanFiles(
      Path folder,
      String where,
      String none,
      boolean confined,
      List<Excluded> excluded,
      boolean readBack) {
    this(folder, where, none, confined, excluded, readBack, null);
  }

  private PlanFiles(
      Path folder,
      String where,
      String none,
      boolean confined,
      List<Excluded> excluded,
      boolean readBack,
      List<Path> used) {
    this.used = used;
    this.folder = folder;
    this.where = where;
    this.none = none;
    this.confined = confined;
    this.excluded = excluded;
    this.readBack = readBack;
  }

  /**
   * Files inside {@code folder}, which {@code where} describes in problems ("the plan's folder").
   */
  public static PlanFiles inside(Path folder, String where) {
    return new PlanFiles(
        Objects.requireNonNull(folder).toAbsolutePath().normalize(), where, null, true, List.of());
  }

  /** Files inside the plan file's own folder. */
  public static PlanFiles besidePlan(Path folder) {
    return inside(folder, "the plan's folder");
  }

  /** No file may be named; {@code why} says how to give one. */
  public static PlanFiles none(String why) {
    return new PlanFiles(null, null, Objects.requireNonNull(why), true, List.of());
  }

  /**
   * A run's plan read back from its run directory: it was validated when it was accepted, and what
   * it measured is in its results, so a file it names is taken as named and never checked again
   * (the working directory, or the file, may have changed since). Readers that need a file's
   * content at parse time read it when it is still there and otherwise do without it.
   */
  public static PlanFiles readBack() {
    return new PlanFiles(
        Path.of("").toAbsolutePath(), "the working directory", null, false, List.of(), true);
  }

  /**
   * Whether a file that is gone is done without (a run's plan read back): see {@link #readBack}.
   */
  public boolean readsBack() {
    return readBack;
  }

  /**
   * These files, recording each regular file a parse takes (a folder's files as its reader takes
   * them; never a secret's file): {@link #used()} then lists what the plan needs to run elsewhere.
   */
  public PlanFiles recording() {
    return new PlanFiles(folder, where, none, confined, excluded, readBack, new ArrayList<>());
  }

  /** The regular files taken so far, in order, without repeats; empty unless recording. */
  public List<Path> used() {
    return used == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(used));
  }

  /** Records a file a reader took (an image of a folder the plan named). */
  void record(Path file) {
    if (used != null) {
      used.add(file);
    }
  }

  /** These files, less those inside {@code folder}. */
  public PlanFiles excluding(Path folder, String what) {
    List<Excluded> more = new ArrayList<>(excluded);
    more.add(new Excluded(Objects.requireNonNull(folder).toAbsolutePath().normalize(), what));
    return new PlanFiles(this.folder, where, none, confined, List.copyOf(more), readBack, used);
  }

  /** The folder names resolve against, or null when no file may be named. */
  public Path folder() {
    return folder;
  }

  /**
   * The regular file (or, with {@code folderToo}, folder) {@code name} names, or null after telling
   * {@code problem} why not.
   */
  Path resolve(String name, boolean folderToo, Consumer<String> problem) {
    Path resolved = resolveSecret(name, folderToo, problem);
    if (resolved != null && !readBack && Files.isRegularFile(resolved)) {
      record(resolved);
    }
    return resolved;
  }

  /**
   * As {@link #resolve}, for a file that holds a secret (a token, a private key): it is never
   * recorded, so it never travels in a plan's bundle.
   */
  Path resolveSecret(String name, boolean folderToo, Consumer<String> problem) {
    if (folder == null) {
      problem.accept("names a file, which " + none);
      return null;
    }
    Path named;
    Path resolved;
    try {
      named = Path.of(name);
      resolved = folder.resolve(named).normalize();
    } catch (InvalidPathException e) {
      problem.accept("must be a file path (" + e.getReason() + ")");
      return null;
    }
    if (readBack) {
      return resolved;
    }
    String shown = named.isAbsolute() ? "an absolute path" : "'" + name + "'";
    if (confined && !resolved.startsWith(folder)) {
      problem.accept("must name a file inside " + where + ", was " + shown);
      return null;
    }
    boolean exists = folderToo ? Files.exists(resolved) : Files.isRegularFile(resolved);
    if (!exists) {
      problem.accept(
          "must be an existing "
              + (folderToo ? "file or folder" : "file")
              + " in "
              + where
              + ", was "
              + shown);
      return null;
    }
    if (confined) {
      Path real;
      try {
        real = resolved.toRealPath();
        if (!real.startsWith(realFolder())) {
          problem.accept("must name a file inside " + where + ", was " + shown + " (a link out)");
          return null;
        }
      } catch (IOException e) {
        problem.accept("cannot be read, was " + shown);
        return null;
      }
      Excluded x = excludedBy(real);
      if (x != null) {
        problem.accept("must not name a file in " + x.what() + ", was " + shown);
        return null;
      }
    }
    return resolved;
  }

  /** Whether an existing path lies where this allows, after following links. */
  boolean holds(Path path) {
    if (!confined) {
      return true;
    }
    try {
      Path real = path.toRealPath();
      return real.startsWith(realFolder()) && excludedBy(real) == null;
    } catch (IOException e) {
      return false;
    }
  }

  /** The excluded folder a real path lies in (as named, or after following its links), or null. */
  private Excluded excludedBy(Path real) {
    for (Excluded x : excluded) {
      if (real.startsWith(x.folder()) || real.startsWith(realOf(x.folder()))) {
        return x;
      }
    }
    return null;
  }

  private Path realFolder() throws IOException {
    return folder.toRealPath();
  }

  private static Path realOf(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }
}
