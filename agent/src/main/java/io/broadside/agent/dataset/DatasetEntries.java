package io.broadside.agent.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON values of a dataset file, whatever their format: JSONL (one JSON object a line) or JSON
 * (a top-level array of objects), each with the line it starts on. Stateless.
 */
final class DatasetEntries {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DatasetEntries() {}

  /**
   * One JSON value of the file and the line it starts on (1-based), or the reason a line is not
   * JSON.
   */
  record Entry(int line, JsonNode node, String error) {
    Entry(int line, JsonNode node) {
      this(line, node, null);
    }
  }

  /**
   * The values of file {@code name}'s {@code text}; what keeps them from being read is a problem.
   */
  static List<Entry> of(String name, String text, List<String> problems) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    if (body.stripLeading().startsWith("[")) {
      return array(name, body, problems);
    }
    List<Entry> entries = new ArrayList<>();
    List<String> lines = body.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        entries.add(new Entry(i + 1, JSON.readTree(line)));
      } catch (JsonProcessingException e) {
        entries.add(new Entry(i + 1, null, "is not valid JSON: " + reason(e)));
      }
    }
    return entries;
  }

  /** A top-level JSON array, each element with the line it starts on. */
  private static List<Entry> array(String name, String text, List<String> problems) {
    List<Entry> entries = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(text)) {
      parser.nextToken(); // [
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          problems.add(name + ": the JSON array is not closed");
          return entries;
        }
        int line = parser.currentTokenLocation().getLineNr();
        entries.add(new Entry(line, parser.readValueAsTree()));
      }
      if (parser.nextToken() != null) {
        problems.add(
            name
                + ":"
                + parser.currentTokenLocation().getLineNr()
                + ": is after the end of the JSON array");
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      problems.add(name + ":" + line + ": is not valid JSON: " + reason(e));
    } catch (IOException e) {
      problems.add(name + ": cannot be read: " + e.getMessage());
    }
    return entries;
  }

  /** Jackson's reason without the text it quotes from the file ('token', "string"). */
  private static String reason(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    String first = message.lines().findFirst().orElse(message);
    int open = first.indexOf(": was expecting");
    String cut = open > 0 ? first.substring(0, open) : first;
    return cut.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
  }
}
