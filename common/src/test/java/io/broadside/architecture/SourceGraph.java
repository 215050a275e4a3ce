package io.broadside.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package of the project's main code uses which, read from the sources: every {@code
 * io.broadside…} name followed by a type (imports, static imports and names written out inline),
 * outside comments and string literals. A use is kept with one place that makes it, to name it.
 */
final class SourceGraph {
  private static final Pattern PACKAGE =
      Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern USE =
      Pattern.compile("\\b(io\\.broadside(?:\\.[a-z_][a-z0-9_]*)+)\\.[A-Z*]");
  private static final Pattern TEXT =
      Pattern.compile("\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])'");
  private static final Pattern COMMENT = Pattern.compile("/\\*[\\s\\S]*?\\*/|//[^\\n]*");

  /** Package → the packages it uses → one file that uses it. */
  final Map<String, Map<String, String>> uses = new TreeMap<>();

  /** Every package's module (the folder under the repository root). */
  final Map<String, String> moduleOf = new HashMap<>();

  /** The graph of the main sources of {@code modules} under {@code root}. */
  static SourceGraph read(Path root, List<String> modules) {
    SourceGraph g = new SourceGraph();
    for (String module : modules) {
      Path src = root.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(src)) {
        throw new IllegalStateException("no sources at " + src);
      }
      try (Stream<Path> files = Files.walk(src)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          g.add(module, root.relativize(f).toString(), Files.readString(f));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return g;
  }

  /** Adds one source file of {@code module}. */
  void add(String module, String file, String source) {
    Matcher p = PACKAGE.matcher(source);
    if (!p.find()) {
      return;
    }
    String pkg = p.group(1);
    moduleOf.put(pkg, module);
    Map<String, String> out = uses.computeIfAbsent(pkg, k -> new TreeMap<>());
    String code = COMMENT.matcher(TEXT.matcher(source).replaceAll("\"\"")).replaceAll(" ");
    Matcher m = USE.matcher(code);
    while (m.find()) {
      String used = m.group(1);
      if (!used.equals(pkg)) {
        out.putIfAbsent(used, file);
      }
    }
  }

  /**
   * The package cycles: each strongly connected set of two or more packages, with the uses that tie
   * it ({@code a -> b (file)}), so that a failure names what to move.
   */
  List<String> cycles() {
    List<String> out = new ArrayList<>();
    for (Set<String> component : components()) {
      if (component.size() < 2) {
        continue;
      }
      StringBuilder b = new StringBuilder(String.join(" <-> ", component)).append(":");
      for (String from : component) {
        uses.getOrDefault(from, Map.of())
            .forEach(
                (to, file) -> {
                  if (component.contains(to)) {
                    b.append("\n    ").append(from).append(" -> ").append(to);
                    b.append(" (").append(file).append(")");
                  }
                });
      }
      out.add(b.toString());
    }
    return out;
  }

  /** Uses from packages of module {@code from} of packages under {@code forbidden}. */
  List<String> uses(String from, String forbidden) {
    List<String> out = new ArrayList<>();
    uses.forEach(
        (pkg, used) -> {
          if (from.equals(moduleOf.get(pkg))) {
            used.forEach(
                (to, file) -> {
                  if (to.equals(forbidden) || to.startsWith(forbidden + ".")) {
                    out.add(pkg + " -> " + to + " (" + file + ")");
                  }
                });
          }
        });
    return out;
  }

  /** Tarjan's strongly connected components of the package graph. */
  private List<Set<String>> components() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : uses.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private void connect(
      String v,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> out,
      int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : uses.getOrDefault(v, Map.of()).keySet()) {
      if (!uses.containsKey(w)) {
        continue; // a package of another module's sources, or none
      }
      if (!index.containsKey(w)) {
        connect(w, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      out.add(component);
    }
  }
}
