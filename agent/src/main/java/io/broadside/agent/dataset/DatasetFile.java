package io.broadside.agent.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.plan.DatasetFormat;
import io.broadside.common.plan.FileDataset;
import io.broadside.common.plan.MaxTokensFrom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the entries of a dataset file: JSONL (one JSON object a line) or JSON (a top-level array of
 * objects), in one {@link DatasetFormat} per file, recognized from its first entries unless the
 * plan forces one. Every entry becomes a {@link Prompt} or a problem naming {@code file:line}; the
 * only entry left out unasked is llm-load-test's metadata first line (and those outside the plan's
 * input-length filters). Blocking; stateless.
 */
final class DatasetFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Problems shown in the message, the rest counted. */
  static final int SHOWN_PROBLEMS = 10;

  private DatasetFile() {}

  /**
   * One JSON value of the file and the line it starts on (1-based), or the reason a line is not
   * JSON.
   */
  private record Entry(int line, JsonNode node, String error) {
    Entry(int line, JsonNode node) {
      this(line, node, null);
    }
  }

  /**
   * The prompts of {@code dataset}'s file.
   *
   * @throws DatasetException naming the file (and line) of every problem found
   */
  static List<Prompt> read(FileDataset dataset) {
    String name = String.valueOf(dataset.file().getFileName());
    String text;
    try {
      text = Files.readString(dataset.file(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DatasetException(
          "cannot read dataset " + dataset.file() + ": " + e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    List<Entry> entries = entries(name, text, problems);
    List<Prompt> prompts = new ArrayList<>();
    if (problems.isEmpty() && entries.isEmpty()) {
      throw new DatasetException(name + ": has no entries");
    }
    DatasetFormat format = dataset.format();
    String why = "format: " + spelling(format);
    if (format == DatasetFormat.AUTO && !entries.isEmpty()) {
      int by = recognizedBy(entries);
      format =
          by == 1
                  && entries.get(0).error() == null
                  && shapeOf(entries.get(0).node()) == null
                  && shapeOf(entries.get(1).node()) == DatasetFormat.OPENORCA
              ? DatasetFormat.LLM_LOAD_TEST
              : Objects.requireNonNullElse(
                  shapeOf(entries.get(by).node()), DatasetFormat.BROADSIDE);
      why = "recognized as " + spelling(format) + " from line " + entries.get(by).line();
    }
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      String at = name + ":" + entry.line() + ": ";
      if (entry.error() != null) {
        problems.add(at + entry.error());
        continue;
      }
      if (!entry.node().isObject()) {
        problems.add(at + "must be a JSON object, was " + quote(entry.node()));
        continue;
      }
      DatasetFormat shape = shapeOf(entry.node());
      if (i == 0 && format == DatasetFormat.LLM_LOAD_TEST && shape == null) {
        continue; // llm-load-test's metadata line
      }
      boolean sameShape =
          shape == format
              || (shape == DatasetFormat.OPENORCA && format == DatasetFormat.LLM_LOAD_TEST);
      if (!sameShape) {
        problems.add(at + mismatch(shape, format, why));
        continue;
      }
      Prompt prompt =
          switch (format) {
            case BROADSIDE -> broadside(entry.node(), at, problems);
            case SHAREGPT -> shareGpt(entry.node(), at, problems, dataset.maxTokensFrom());
            default -> openOrca(entry.node(), at, problems, dataset.maxTokensFrom());
          };
      if (prompt != null && within(prompt, dataset)) {
        prompts.add(prompt);
      }
    }
    if (!problems.isEmpty()) {
      throw new DatasetException(summary(dataset, problems));
    }
    if (prompts.isEmpty()) {
      throw new DatasetException(
          name
              + ": no entry has a prompt of "
              + bounds(dataset)
              + " words (minInputTokens, maxInputTokens), of "
              + entries.size()
              + " entries");
    }
    return prompts;
  }

  // ---- the file's values

  private static List<Entry> entries(String name, String text, List<String> problems) {
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

  // ---- formats

  /** The shape an entry's keys say, or null. */
  private static DatasetFormat shapeOf(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.has("prompt") || node.has("messages")) {
      return DatasetFormat.BROADSIDE;
    }
    if (node.has("conversations")) {
      return DatasetFormat.SHAREGPT;
    }
    if (node.has("question")) {
      return DatasetFormat.OPENORCA;
    }
    return null;
  }

  /**
   * The index of the entry that tells the file's format: the first; the second when the first has
   * no shape (llm-load-test's metadata line) and the second is question-shaped; else the first
   * entry with a shape, so that every line is checked against it (0 if none has one).
   */
  private static int recognizedBy(List<Entry> entries) {
    if (shapeOf(entries.get(0).node()) != null) {
      return 0;
    }
    if (entries.size() > 1 && shapeOf(entries.get(1).node()) == DatasetFormat.OPENORCA) {
      return 1;
    }
    for (int i = 0; i < entries.size(); i++) {
      if (shapeOf(entries.get(i).node()) != null) {
        return i;
      }
    }
    return 0;
  }

  private static String mismatch(DatasetFormat shape, DatasetFormat format, String why) {
    if (shape == null) {
      return "has neither prompt, messages, question nor conversations (" + why + ")";
    }
    return (shape == DatasetFormat.OPENORCA ? "is an " : "is a ")
        + label(shape)
        + " entry ("
        + keyOf(shape)
        + ") but the file is "
        + label(format)
        + " ("
        + why
        + "); a file holds one format";
  }

  private static String label(DatasetFormat format) {
    return switch (format) {
      case BROADSIDE -> "broadside";
      case OPENORCA -> "OpenOrca";
      case SHAREGPT -> "ShareGPT";
      case LLM_LOAD_TEST -> "llm-load-test";
      case AUTO -> "auto";
    };
  }

  private static String keyOf(DatasetFormat shape) {
    return switch (shape) {
      case BROADSIDE -> "prompt or messages";
      case SHAREGPT -> "conversations";
      default -> "question";
    };
  }

  /** {@code prompt} or {@code messages}, optional {@code maxTokens} (always applied). */
  private static Prompt broadside(JsonNode node, String at, List<String> problems) {
    int before = problems.size();
    Integer maxTokens = positive(node, "maxTokens", at, problems);
    if (node.has("prompt")) {
      String text = text(node, "prompt", true, at, problems);
      return problems.size() > before ? null : prompt(text, null, maxTokens);
    }
    JsonNode list = node.get("messages");
    if (!list.isArray() || list.isEmpty()) {
      problems.add(at + "messages must be a non-empty list of {role, content}, was " + quote(list));
      return null;
    }
    List<Map<String, String>> messages = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      String where = "messages[" + i + "]";
      if (!m.isObject()) {
        problems.add(at + where + " must be an object {role, content}, was " + quote(m));
        continue;
      }
      String role = m.has("role") ? text(m, "role", true, at + where + ".", problems) : "user";
      String content = text(m, "content", false, at + where + ".", problems);
      if (role != null && content != null) {
        messages.add(message(role, content));
      }
    }
    return problems.size() > before ? null : chat(messages, maxTokens);
  }

  /**
   * OpenOrca's {@code system_prompt} and {@code question} as a system and a user message (joined
   * for completions); the output length from {@code output_tokens} (llm-load-test) or the words of
   * {@code response}.
   */
  private static Prompt openOrca(
      JsonNode node, String at, List<String> problems, MaxTokensFrom from) {
    int before = problems.size();
    String question = text(node, "question", true, at, problems);
    String system =
        node.has("system_prompt") ? text(node, "system_prompt", false, at, problems) : null;
    String response = node.has("response") ? text(node, "response", false, at, problems) : null;
    Integer outputTokens = positive(node, "output_tokens", at, problems);
    if (problems.size() > before) {
      return null;
    }
    List<Map<String, String>> messages = new ArrayList<>();
    if (system != null && !system.isBlank()) {
      messages.add(message("system", system));
    }
    messages.add(message("user", question));
    Integer output = outputTokens != null ? outputTokens : wordsOrNull(response);
    return chat(messages, from == MaxTokensFrom.DATASET ? output : null);
  }

  /**
   * ShareGPT's {@code conversations}: the first human turn (after any system turns) is the prompt,
   * the first reply after it gives the output length. Turns are {@code {from, value}} or {@code
   * {role, content}}.
   */
  private static Prompt shareGpt(
      JsonNode node, String at, List<String> problems, MaxTokensFrom from) {
    JsonNode turns = node.get("conversations");
    if (!turns.isArray() || turns.isEmpty()) {
      problems.add(
          at + "conversations must be a non-empty list of {from, value}, was " + quote(turns));
      return null;
    }
    int before = problems.size();
    List<Map<String, String>> messages = new ArrayList<>();
    Integer output = null;
    boolean asked = false;
    for (int i = 0; i < turns.size(); i++) {
      JsonNode turn = turns.get(i);
      String where = at + "conversations[" + i + "].";
      if (!turn.isObject()) {
        problems.add(
            where.substring(0, where.length() - 1) + " must be an object, was " + quote(turn));
        return null;
      }
      String roleKey = turn.has("from") ? "from" : "role";
      String valueKey = turn.has("from") ? "value" : "content";
      String speaker = text(turn, roleKey, true, where, problems);
      String value = text(turn, valueKey, false, where, problems);
      if (speaker == null || value == null) {
        return null;
      }
      String role = role(speaker);
      if (role == null) {
        problems.add(
            where
                + roleKey
                + " must be human, gpt or system (or user, assistant), was '"
                + speaker
                + "'");
        return null;
      }
      if (!asked) {
        if (role.equals("assistant")) {
          continue; // a reply before any question (some ShareGPT dumps start with the bot)
        }
        if (role.equals("user") && value.isBlank()) {
          problems.add(where + valueKey + " is empty");
          return null;
        }
        messages.add(message(role, value));
        asked = role.equals("user");
      } else if (role.equals("assistant")) {
        output = wordsOrNull(value);
        break;
      } else if (role.equals("user")) {
        break; // a second question before any reply: no reference length
      }
    }
    if (problems.size() > before) {
      return null;
    }
    if (!asked) {
      problems.add(at + "conversations has no human turn");
      return null;
    }
    return chat(messages, from == MaxTokensFrom.DATASET ? output : null);
  }

  private static String role(String speaker) {
    return switch (speaker.toLowerCase(Locale.ROOT)) {
      case "human", "user" -> "user";
      case "gpt", "assistant", "chatgpt", "bard", "bing", "model" -> "assistant";
      case "system" -> "system";
      default -> null;
    };
  }

  // ---- prompts

  private static Prompt prompt(String text, List<Map<String, String>> messages, Integer maxTokens) {
    return new Prompt(text, messages, maxTokens, PromptSource.words(text));
  }

  /** A chat; its text (for completions protocols) is the contents joined by blank lines. */
  private static Prompt chat(List<Map<String, String>> messages, Integer maxTokens) {
    StringBuilder text = new StringBuilder();
    for (Map<String, String> m : messages) {
      if (!m.get("content").isBlank()) {
        text.append(text.isEmpty() ? "" : "\n\n").append(m.get("content"));
      }
    }
    return prompt(text.toString(), List.copyOf(messages), maxTokens);
  }

  private static Map<String, String> message(String role, String content) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("content", content);
    return java.util.Collections.unmodifiableMap(m);
  }

  private static boolean within(Prompt prompt, FileDataset dataset) {
    return (dataset.minInputTokens() == null || prompt.promptTokens() >= dataset.minInputTokens())
        && (dataset.maxInputTokens() == null || prompt.promptTokens() <= dataset.maxInputTokens());
  }

  private static String bounds(FileDataset d) {
    if (d.minInputTokens() != null && d.maxInputTokens() != null) {
      return d.minInputTokens() + " to " + d.maxInputTokens();
    }
    return d.minInputTokens() != null
        ? "at least " + d.minInputTokens()
        : "at most " + d.maxInputTokens();
  }

  // ---- values

  /** A string field; a problem if it is not one, or is blank when {@code nonBlank}. */
  private static String text(
      JsonNode node, String key, boolean nonBlank, String at, List<String> problems) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      problems.add(at + key + " is required");
      return null;
    }
    if (!value.isTextual()) {
      problems.add(at + key + " must be a string, was " + quote(value));
      return null;
    }
    if (nonBlank && value.textValue().isBlank()) {
      problems.add(at + key + " is empty");
      return null;
    }
    return value.textValue();
  }

  /** An optional positive whole number field. */
  private static Integer positive(JsonNode node, String key, String at, List<String> problems) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 1) {
      return value.intValue();
    }
    problems.add(at + key + " must be a positive whole number, was " + quote(value));
    return null;
  }

  private static Integer wordsOrNull(String text) {
    int words = text == null ? 0 : PromptSource.words(text);
    return words == 0 ? null : words;
  }

  private static String quote(JsonNode value) {
    if (value.isTextual()) {
      return "'" + value.textValue() + "'";
    }
    String json = value.toString();
    return json.length() <= 60 ? json : json.substring(0, 57) + "...";
  }

  private static String reason(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    return message.lines().findFirst().orElse(message);
  }

  private static String summary(FileDataset dataset, List<String> problems) {
    StringBuilder out =
        new StringBuilder("dataset ")
            .append(dataset.file())
            .append(" has ")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem: " : " problems: ");
    for (int i = 0; i < Math.min(SHOWN_PROBLEMS, problems.size()); i++) {
      out.append(i == 0 ? "" : "; ").append(problems.get(i));
    }
    if (problems.size() > SHOWN_PROBLEMS) {
      out.append("; and ").append(problems.size() - SHOWN_PROBLEMS).append(" more");
    }
    return out.toString();
  }

  /** A format as plans spell it: {@code LLM_LOAD_TEST} → {@code llm-load-test}. */
  private static String spelling(DatasetFormat format) {
    return format.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
