package io.broadside.common.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where in a plan's text a JSON path of a {@link Problem} is: the line of the deepest key or list
 * element of the path that the text holds (1-based), so an editor can mark it.
 */
public final class PlanLines {
  private static final YAMLFactory YAML = new YAMLFactory();

  private final Map<String, Integer> lines;

  private PlanLines(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** The lines of every key and list element of {@code text} (YAML or JSON); none if unreadable. */
  public static PlanLines of(String text) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = YAML.createParser(text == null ? "" : text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        var ctx = p.getParsingContext();
        boolean element =
            t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY
                // a list element that is an object or a list: its own context, inside the list's
                ? ctx.getParent() != null && ctx.getParent().inArray()
                : ctx.inArray() && t.isScalarValue();
        if (t == JsonToken.FIELD_NAME || element) {
          lines.putIfAbsent(
              p.getParsingContext().pathAsPointer().toString(),
              p.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException | RuntimeException e) {
      // a text that does not parse: its syntax problem carries its own line
    }
    return new PlanLines(lines);
  }

  /** The line of {@code jsonPath} or of its deepest part the text holds; null for none. */
  public Integer line(String jsonPath) {
    List<String> segments = segments(jsonPath);
    for (int n = segments.size(); n > 0; n--) {
      StringBuilder pointer = new StringBuilder();
      for (String s : segments.subList(0, n)) {
        pointer.append('/').append(s.replace("~", "~0").replace("/", "~1"));
      }
      Integer line = lines.get(pointer.toString());
      if (line != null) {
        return line;
      }
    }
    return null;
  }

  /** {@code $.a.b[1]['c.d']} → a, b, 1, c.d. */
  static List<String> segments(String jsonPath) {
    List<String> out = new ArrayList<>();
    if (jsonPath == null || !jsonPath.startsWith("$")) {
      return out;
    }
    int i = 1;
    int n = jsonPath.length();
    while (i < n) {
      char c = jsonPath.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < n && jsonPath.charAt(end) != '.' && jsonPath.charAt(end) != '[') {
          end++;
        }
        out.add(jsonPath.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        int close = jsonPath.indexOf(']', i);
        if (close < 0) {
          break;
        }
        String inside = jsonPath.substring(i + 1, close);
        if (inside.length() >= 2 && inside.startsWith("'") && inside.endsWith("'")) {
          inside = inside.substring(1, inside.length() - 1);
        }
        out.add(inside);
        i = close + 1;
      } else {
        break;
      }
    }
    return out;
  }
}
