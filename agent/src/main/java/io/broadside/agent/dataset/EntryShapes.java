package io.broadside.agent.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.agent.dataset.DatasetEntries.Entry;
import io.broadside.common.plan.DatasetFormat;
import java.util.List;
import java.util.Locale;

/**
 * The dataset format an entry's keys say, the entry a file's format is recognized from, and what is
 * said of an entry of another format than its file's. Stateless.
 */
final class EntryShapes {
  private EntryShapes() {}

  /** The shape an entry's keys say, or null. */
  static DatasetFormat shapeOf(JsonNode node) {
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
  static int recognizedBy(List<Entry> entries) {
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

  static String mismatch(DatasetFormat shape, DatasetFormat format, String why) {
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

  /** A format as plans spell it: {@code LLM_LOAD_TEST} → {@code llm-load-test}. */
  static String spelling(DatasetFormat format) {
    return format.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
