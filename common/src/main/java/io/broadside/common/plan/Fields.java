package io.broadside.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.broadside.common.unit.Durations;
import io.broadside.common.unit.Percent;
import io.broadside.common.unit.Rate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One object of the plan tree at a known path. Every typed read reports a bad value to the {@link
 * ProblemSink} (quoting it) and returns null, and returns null for an absent key too, so a reader
 * applies its default with {@code requireNonNullElse} and keeps going: one pass finds every
 * problem. An explicit YAML/JSON {@code null} counts as absent. Confined to the parsing thread.
 */
final class Fields {
  private final ObjectNode node;
  private final String path;
  private final ProblemSink problems;

  private Fields(ObjectNode node, String path, ProblemSink problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** An ordered, unmodifiable key set. */
  static Set<String> keys(String... keys) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(keys)));
  }

  /**
   * The object at {@code path}, each key outside {@code known} reported: with {@code notYet}'s
   * message if it names the key (a planned feature), else as unknown with a suggestion. Null, and a
   * problem, if {@code value} is not an object.
   */
  static Fields of(
      JsonNode value,
      String path,
      Set<String> known,
      Map<String, String> notYet,
      ProblemSink problems) {
    Fields fields = anyKeys(value, path, problems);
    if (fields != null) {
      fields.node.fieldNames().forEachRemaining(key -> fields.checkKey(key, known, notYet));
    }
    return fields;
  }

  /** The object at {@code path} whose keys the caller checks itself. */
  static Fields anyKeys(JsonNode value, String path, ProblemSink problems) {
    if (value instanceof ObjectNode object) {
      return new Fields(object, path, problems);
    }
    problems.add(path, "must be an object, was " + quote(value));
    return null;
  }

  private void checkKey(String key, Set<String> known, Map<String, String> notYet) {
    if (known.contains(key)) {
      return;
    }
    String later = notYet.get(key);
    if (later != null) {
      problems.add(pathOf(key), later);
      return;
    }
    String hint =
        Suggestions.didYouMean(key, known, "; known fields are " + String.join(", ", known));
    problems.add(pathOf(key), "unknown field '" + key + "'" + hint);
  }

  String path() {
    return path;
  }

  String pathOf(String key) {
    return PlanPath.field(path, key);
  }

  ProblemSink problems() {
    return problems;
  }

  /** The keys present, in the order written. */
  List<String> keysPresent() {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** The value at {@code key}; null when absent or null. */
  JsonNode get(String key) {
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? null : value;
  }

  boolean has(String key) {
    return get(key) != null;
  }

  /** Reports {@code key} as required if absent, else reads it with {@code read}. */
  <T> T required(String key, Function<String, T> read) {
    if (!has(key)) {
      problems.add(pathOf(key), "is required");
      return null;
    }
    return read.apply(key);
  }

  /** Reports {@code key} if present: {@code reason} is why it may not be given here. */
  void forbid(String key, String reason) {
    if (has(key)) {
      problems.add(pathOf(key), reason + ", was " + quote(get(key)));
    }
  }

  void problem(String key, String message) {
    problems.add(pathOf(key), message);
  }

  /** A scalar as text (numbers and booleans as written), not empty. */
  String text(String key) {
    String text = scalar(key);
    if (text != null && text.isBlank()) {
      bad(key, "must not be empty");
      return null;
    }
    return text;
  }

  /** A whole number {@code >= min} that fits an int. */
  Integer wholeNumber(String key, int min) {
    JsonNode value = get(key);
    if (value == null) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= min) {
      return value.intValue();
    }
    String what = min == 1 ? "a positive whole number" : "a whole number >= " + min;
    boolean tooLarge =
        value.isIntegralNumber() && !value.canConvertToInt() && value.longValue() > 0;
    bad(key, "must be " + what + (tooLarge ? " up to " + Integer.MAX_VALUE : ""));
    return null;
  }

  Long longNumber(String key) {
    JsonNode value = get(key);
    if (value == null) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    bad(key, "must be a whole number");
    return null;
  }

  Double positiveNumber(String key) {
    JsonNode value = get(key);
    if (value == null) {
      return null;
    }
    if (value.isNumber() && Double.isFinite(value.doubleValue()) && value.doubleValue() > 0) {
      return value.doubleValue();
    }
    bad(key, "must be a positive number");
    return null;
  }

  Boolean bool(String key) {
    JsonNode value = get(key);
    if (value == null) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    bad(key, "must be true or false");
    return null;
  }

  /** One of {@code type}'s constants by its plan spelling, see {@link #spelling}. */
  <E extends Enum<E>> E choice(String key, Class<E> type) {
    String text = text(key);
    if (text == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (spelling(constant).equals(text)) {
        return constant;
      }
    }
    String allowed =
        Arrays.stream(type.getEnumConstants())
            .map(Fields::spelling)
            .collect(Collectors.joining(", "));
    bad(key, "must be one of " + allowed);
    return null;
  }

  /** An enum constant as plans spell it: {@code OPENAI_CHAT} → {@code openai-chat}. */
  static String spelling(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A duration such as {@code 30s}; zero allowed unless {@code positive}. */
  Duration duration(String key, boolean positive) {
    String text = scalar(key);
    if (text == null) {
      return null;
    }
    try {
      Duration duration = Durations.parse(text);
      if (positive && duration.isZero()) {
        problem(key, "must be a positive duration such as " + Durations.EXAMPLE + ", was '0s'");
        return null;
      }
      return duration;
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return null;
    }
  }

  Rate rate(String key) {
    String text = scalar(key);
    if (text == null) {
      return null;
    }
    try {
      return Rate.parse(text);
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return null;
    }
  }

  /** A percentage such as {@code 1%}, as a fraction. */
  Double percent(String key) {
    String text = scalar(key);
    if (text == null) {
      return null;
    }
    try {
      return Percent.parse(text);
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return null;
    }
  }

  /** An object of scalars, each value as text (numbers and booleans as written), in order. */
  Map<String, String> stringMap(String key) {
    JsonNode value = get(key);
    if (value == null) {
      return null;
    }
    Fields map = anyKeys(value, pathOf(key), problems);
    if (map == null) {
      return null;
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (String name : map.keysPresent()) {
      JsonNode entry = map.node.get(name);
      if (entry.isValueNode() && !entry.isNull()) {
        result.put(name, entry.asText());
      } else {
        map.problem(name, "must be a string, was " + quote(entry));
      }
    }
    return result;
  }

  Fields object(String key, Set<String> known, Map<String, String> notYet) {
    JsonNode value = get(key);
    return value == null ? null : of(value, pathOf(key), known, notYet, problems);
  }

  /** An existing regular file the plan may name ({@link PlanFiles}), or null (reported). */
  Path existingFile(String key, PlanFiles planFiles) {
    String text = text(key);
    if (text == null) {
      return null;
    }
    return planFiles.resolve(text, false, message -> problem(key, message));
  }

  /**
   * As {@link #existingFile}, for a file that holds a secret: it is never carried to a coordinator
   * or agents in a plan's bundle (each agent reads its own).
   */
  Path existingSecretFile(String key, PlanFiles planFiles) {
    String text = text(key);
    if (text == null) {
      return null;
    }
    return planFiles.resolveSecret(text, false, message -> problem(key, message));
  }

  /** The elements of a list. */
  List<JsonNode> list(String key) {
    JsonNode value = get(key);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      bad(key, "must be a list");
      return null;
    }
    List<JsonNode> elements = new ArrayList<>();
    value.elements().forEachRemaining(elements::add);
    return elements;
  }

  /** A list of positive numbers; null when absent or when an element is not one (reported). */
  List<Double> positiveNumbers(String key) {
    List<JsonNode> elements = list(key);
    if (elements == null) {
      return null;
    }
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      JsonNode e = elements.get(i);
      if (!e.isNumber() || !Double.isFinite(e.doubleValue()) || e.doubleValue() <= 0) {
        problems.add(pathOf(key) + "[" + i + "]", "must be a positive number, was " + quote(e));
        return null;
      }
      out.add(e.doubleValue());
    }
    return out;
  }

  private String scalar(String key) {
    JsonNode value = get(key);
    if (value == null) {
      return null;
    }
    if (!value.isValueNode()) {
      bad(key, "must be a single value, not a list or object");
      return null;
    }
    return value.asText();
  }

  private void bad(String key, String message) {
    problem(key, message + ", was " + quote(get(key)));
  }

  /** A value for a message: a scalar in quotes, a list or object as short JSON. */
  static String quote(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isValueNode()) {
      return "'" + value.asText() + "'";
    }
    String json = value.toString();
    return json.length() <= 60 ? json : json.substring(0, 57) + "...";
  }
}
