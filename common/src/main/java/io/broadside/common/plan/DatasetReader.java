package io.broadside.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.dataset}: exactly one of {@code file} (which must exist, relative to the plan's
 * folder; with {@code format}, {@code maxTokensFrom} and the input-length filters) or {@code
 * synthetic} (input and output lengths by a normal spread or uniform bounds), with {@code sampling}
 * and {@code seed}. Absent: {@link #DEFAULT}. The file's entries are read by the agents.
 */
final class DatasetReader {
  static final Set<String> KEYS =
      Fields.keys(
          "file",
          "format",
          "maxTokensFrom",
          "minInputTokens",
          "maxInputTokens",
          "synthetic",
          "sampling",
          "seed",
          "sessions");
  static final Set<String> SESSIONS_KEYS = Fields.keys("turns", "thinkTime", "header");
  static final Set<String> THINK_KEYS = Fields.keys("min", "max", "mean");

  /** The most turns a session may have: each is a series of its own. */
  static final int MAX_TURNS = 64;

  static final Set<String> SYNTHETIC_KEYS =
      Fields.keys(
          "inputTokens",
          "inputTokensStddev",
          "inputTokensMin",
          "inputTokensMax",
          "outputTokens",
          "outputTokensStddev",
          "outputTokensMin",
          "outputTokensMax",
          "sharedPrefix");
  static final Set<String> PREFIX_KEYS = Fields.keys("groups", "tokens", "weights");

  /** The keys that only a dataset file takes. */
  private static final List<String> FILE_ONLY =
      List.of("format", "maxTokensFrom", "minInputTokens", "maxInputTokens");

  static final Sampling DEFAULT_SAMPLING = Sampling.RANDOM;
  static final long DEFAULT_SEED = 42;
  static final SyntheticDataset DEFAULT =
      new SyntheticDataset(128, 0, DEFAULT_SAMPLING, DEFAULT_SEED);

  private DatasetReader() {}

  /**
   * What {@code $.dataset} says: the prompts ({@link #DEFAULT} if absent) and the sessions they run
   * in (null: none). Null fields when a section has a problem (reported).
   */
  record Read(Dataset dataset, Sessions sessions) {}

  /**
   * Reads {@code $.dataset}.
   *
   * @param planFiles the folder a relative file is resolved against
   * @param target nullable (it had a problem): sessions need a chat protocol
   */
  static Read read(Fields plan, PlanFiles planFiles, Target target) {
    if (!plan.has("dataset")) {
      return new Read(DEFAULT, null);
    }
    Fields dataset = plan.object("dataset", KEYS, Map.of());
    if (dataset == null) {
      return new Read(null, null);
    }
    Sessions sessions = dataset.has("sessions") ? sessions(dataset, target) : null;
    return new Read(prompts(dataset, planFiles), sessions);
  }

  /** The prompts of {@code $.dataset}, or null if it has a problem (reported). */
  private static Dataset prompts(Fields dataset, PlanFiles planFiles) {
    int before = dataset.problems().count();
    boolean hasFile = dataset.has("file");
    boolean hasSynthetic = dataset.has("synthetic");
    if (hasFile == hasSynthetic) {
      dataset
          .problems()
          .add(
              dataset.path(),
              "must have exactly one of 'file' or 'synthetic', has "
                  + (hasFile ? "both" : "neither"));
    }
    Sampling sampling =
        Objects.requireNonNullElse(dataset.choice("sampling", Sampling.class), DEFAULT_SAMPLING);
    long seed = Objects.requireNonNullElse(dataset.longNumber("seed"), DEFAULT_SEED);
    Path file = hasFile ? dataset.existingFile("file", planFiles) : null;
    DatasetFormat format =
        Objects.requireNonNullElse(
            dataset.choice("format", DatasetFormat.class), DatasetFormat.AUTO);
    MaxTokensFrom maxTokensFrom =
        Objects.requireNonNullElse(
            dataset.choice("maxTokensFrom", MaxTokensFrom.class), MaxTokensFrom.PLAN);
    Integer minInput = dataset.wholeNumber("minInputTokens", 1);
    Integer maxInput = dataset.wholeNumber("maxInputTokens", 1);
    if (minInput != null && maxInput != null && maxInput < minInput) {
      dataset.problem(
          "maxInputTokens",
          "must be at least minInputTokens (" + minInput + "), was '" + maxInput + "'");
    }
    if (!hasFile) {
      for (String key : FILE_ONLY) {
        dataset.forbid(key, "applies to a dataset file, not to synthetic prompts");
      }
    }
    SyntheticDataset synthetic = hasSynthetic ? synthetic(dataset, sampling, seed) : null;
    if (dataset.problems().count() > before) {
      return null;
    }
    return file != null
        ? new FileDataset(file, format, maxTokensFrom, minInput, maxInput, sampling, seed)
        : synthetic;
  }

  /** {@code $.dataset.sessions}, null when bad (reported). */
  private static Sessions sessions(Fields dataset, Target target) {
    Fields sessions = dataset.object("sessions", SESSIONS_KEYS, Map.of());
    if (sessions == null) {
      return null;
    }
    int before = sessions.problems().count();
    Integer turns = sessions.required("turns", k -> sessions.wholeNumber(k, 1));
    if (turns != null && turns > MAX_TURNS) {
      sessions.problem("turns", "must be at most " + MAX_TURNS + ", was " + turns);
    }
    Sessions.ThinkTime think = new Sessions.ThinkTime.Fixed(java.time.Duration.ZERO);
    JsonNode t = sessions.get("thinkTime");
    if (t != null && t.isObject()) {
      Fields f = sessions.object("thinkTime", THINK_KEYS, Map.of());
      java.time.Duration min = f.duration("min", false);
      java.time.Duration max = f.duration("max", false);
      java.time.Duration mean = f.duration("mean", true);
      if (mean != null && (f.has("min") || f.has("max"))) {
        f.problem("mean", "is an exponential think time's: give mean alone, or min and max");
      } else if (mean != null) {
        think = new Sessions.ThinkTime.Exponential(mean);
      } else if (min != null && max != null && max.compareTo(min) >= 0) {
        think = new Sessions.ThinkTime.Uniform(min, max);
      } else if (min != null && max != null) {
        f.problem("max", "must be at least min (" + f.get("min").asText() + ")");
      } else if (!f.has("min") || !f.has("max")) {
        f.problem(
            f.has("min") ? "max" : "min", "is required: a think time is {min, max} or {mean}");
      }
    } else if (t != null) {
      java.time.Duration fixed = sessions.duration("thinkTime", false);
      if (fixed != null) {
        think = new Sessions.ThinkTime.Fixed(fixed);
      }
    }
    String header = sessions.text("header");
    if (header != null && !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
      sessions.problem("header", "must be a header name (a token), was '" + header + "'");
    }
    if (target != null && !target.protocol().chat()) {
      sessions.problem(
          "turns",
          "sessions send a conversation's history: they need a chat protocol (openai-chat,"
              + " openai-responses), not "
              + target.protocol().wireName());
    }
    return sessions.problems().count() > before || turns == null
        ? null
        : new Sessions(turns, think, header);
  }

  private static SyntheticDataset synthetic(Fields dataset, Sampling sampling, long seed) {
    Fields synthetic = dataset.object("synthetic", SYNTHETIC_KEYS, Map.of());
    if (synthetic == null) {
      return null;
    }
    int before = synthetic.problems().count();
    TokenLengths input = lengths(synthetic, "inputTokens", true);
    TokenLengths output = lengths(synthetic, "outputTokens", false);
    SharedPrefixes prefixes = synthetic.has("sharedPrefix") ? prefixes(synthetic) : null;
    return synthetic.problems().count() > before || input == null
        ? null
        : new SyntheticDataset(input, output, sampling, seed, prefixes);
  }

  /** {@code sharedPrefix: {groups, tokens, weights}}; null when it has a problem (reported). */
  private static SharedPrefixes prefixes(Fields synthetic) {
    Fields prefix = synthetic.object("sharedPrefix", PREFIX_KEYS, Map.of());
    if (prefix == null) {
      return null;
    }
    int before = prefix.problems().count();
    Integer groups = prefix.wholeNumber("groups", 1);
    Integer tokens = prefix.wholeNumber("tokens", 1);
    if (groups == null && !prefix.has("groups")) {
      prefix.problem("groups", "is required: how many shared prefixes");
    }
    if (tokens == null && !prefix.has("tokens")) {
      prefix.problem("tokens", "is required: each prefix's length in tokens");
    }
    List<Double> weights = prefix.has("weights") ? prefix.positiveNumbers("weights") : null;
    if (groups != null && weights != null && weights.size() != groups) {
      prefix.problem(
          "weights", "must give one weight per group (" + groups + "), gave " + weights.size());
    }
    if (prefix.problems().count() > before || groups == null || tokens == null) {
      return null;
    }
    return new SharedPrefixes(
        groups, tokens, weights != null ? weights : java.util.Collections.nCopies(groups, 1.0));
  }

  /**
   * {@code <base>} with {@code <base>Stddev} (a normal spread), or {@code <base>Min} and {@code
   * <base>Max} (uniform, both included); null when absent (reported if {@code required}) or bad.
   */
  private static TokenLengths lengths(Fields synthetic, String base, boolean required) {
    String stddevKey = base + "Stddev";
    String minKey = base + "Min";
    String maxKey = base + "Max";
    boolean normal = synthetic.has(base);
    boolean uniform = synthetic.has(minKey) || synthetic.has(maxKey);
    if (!normal && !uniform) {
      if (required) {
        synthetic.problem(base, "is required (or " + minKey + " and " + maxKey + ")");
      } else if (synthetic.has(stddevKey)) {
        synthetic.problem(stddevKey, "needs " + base + ", the mean it spreads around");
      }
    }
    Integer mean = synthetic.wholeNumber(base, 1);
    Integer stddev = synthetic.wholeNumber(stddevKey, 0);
    Integer min = synthetic.wholeNumber(minKey, 1);
    Integer max = synthetic.wholeNumber(maxKey, 1);
    if (normal && uniform) {
      synthetic.problem(
          synthetic.has(minKey) ? minKey : maxKey,
          "cannot be given with "
              + base
              + ": lengths are either "
              + base
              + " (with "
              + stddevKey
              + ") or uniform from "
              + minKey
              + " to "
              + maxKey);
      return null;
    }
    if (uniform) {
      if (synthetic.has(stddevKey)) {
        synthetic.problem(
            stddevKey, "spreads " + base + " and cannot be given with " + minKey + "/" + maxKey);
      }
      for (String key : List.of(minKey, maxKey)) {
        if (!synthetic.has(key)) {
          synthetic.problem(
              key, "is required with " + (key.equals(minKey) ? maxKey : minKey) + " (uniform)");
        }
      }
      if (min != null && max != null && max < min) {
        synthetic.problem(
            maxKey, "must be at least " + minKey + " (" + min + "), was '" + max + "'");
        return null;
      }
      return min == null || max == null ? null : new TokenLengths.Uniform(min, max);
    }
    return mean == null
        ? null
        : new TokenLengths.Normal(mean, Objects.requireNonNullElse(stddev, 0));
  }
}
