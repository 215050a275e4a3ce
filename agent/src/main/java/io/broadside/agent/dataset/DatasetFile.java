package io.broadside.agent.dataset;

import static io.broadside.agent.dataset.EntryFields.quote;
import static io.broadside.agent.dataset.EntryShapes.mismatch;
import static io.broadside.agent.dataset.EntryShapes.recognizedBy;
import static io.broadside.agent.dataset.EntryShapes.shapeOf;
import static io.broadside.agent.dataset.EntryShapes.spelling;

import io.broadside.agent.dataset.DatasetEntries.Entry;
import io.broadside.common.plan.DatasetFormat;
import io.broadside.common.plan.FileDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the entries of a dataset file: JSONL (one JSON object a line) or JSON (a top-level array of
 * objects), in one {@link DatasetFormat} per file, recognized from its first entries unless the
 * plan forces one, each entry read by its format's {@link FormatReader}. Every entry becomes a
 * {@link Prompt} or a problem naming {@code file:line}; the only entry left out unasked is
 * llm-load-test's metadata first line (and those outside the plan's input-length filters).
 * Blocking; stateless.
 */
final class DatasetFile {
  /** Problems shown in the message, the rest counted. */
  static final int SHOWN_PROBLEMS = 10;

  private static final FormatReader BROADSIDE = new BroadsideReader();
  private static final FormatReader SHAREGPT = new ShareGptReader();
  private static final FormatReader OPENORCA = new OpenOrcaReader();

  private DatasetFile() {}

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
          "cannot read dataset "
              + dataset.file().getFileName()
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
    List<String> problems = new ArrayList<>();
    List<Entry> entries = DatasetEntries.of(name, text, problems);
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
    FormatReader reader = readerOf(format);
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
      Prompt prompt = reader.read(entry.node(), at, problems, dataset.maxTokensFrom());
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

  /** The reader of a file's format; llm-load-test's entries are OpenOrca's. */
  private static FormatReader readerOf(DatasetFormat format) {
    return switch (format) {
      case BROADSIDE -> BROADSIDE;
      case SHAREGPT -> SHAREGPT;
      default -> OPENORCA;
    };
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

  private static String summary(FileDataset dataset, List<String> problems) {
    StringBuilder out =
        new StringBuilder("dataset ")
            .append(dataset.file().getFileName())
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
}
