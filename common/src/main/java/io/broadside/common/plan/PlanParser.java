package io.broadside.common.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns plan text (YAML or JSON, DESIGN.md §7) into a {@link Plan} in two steps: the text becomes a
 * tree (a syntax error is one problem at {@code $} with its line and column), then a validator
 * walks the whole tree and collects every {@link Problem} — bad values quoted, unknown keys (with a
 * suggestion when one is close), missing required keys, options of the wrong load mode, features
 * not supported yet. Only a tree with no problem becomes records.
 *
 * <pre>{@code
 * ParseResult result = PlanParser.parse(Path.of("examples/closed-stages.yaml"));
 * if (!result.ok()) {
 *   result.problems().forEach(System.err::println);   // $.load.stages[1].rate: must be …
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe. Reads no file except the plan file, the existence of a {@code
 * dataset.file} and of tensor files, and the headers of a tensor's {@code images}; blocks on that
 * I/O, so keep it off event loops.
 */
public final class PlanParser {
  /**
   * The keys each object of a plan accepts, by the object's path pattern ({@code $}, {@code
   * $.target}, {@code $.load.stages[]}, …; {@code []} stands for any index). Free-form maps ({@code
   * tags}, {@code target.headers}) and {@code thresholds} (keys {@code errorRate} and {@code
   * <metric>.<stat>}, see {@link Threshold}) are not listed. plan.schema.json has the same
   * properties, which a test checks.
   */
  public static final Map<String, Set<String>> KNOWN_KEYS =
      Map.ofEntries(
          Map.entry("$", PlanReader.KEYS),
          Map.entry("$.target", TargetReader.KEYS),
          Map.entry("$.target.auth", TargetReader.AUTH_KEYS),
          Map.entry("$.target.auth.basic", TargetReader.BASIC_KEYS),
          Map.entry("$.target.auth.sigv4", TargetReader.SIGV4_KEYS),
          Map.entry("$.target.tls", TargetReader.TLS_KEYS),
          Map.entry("$.target.sagemaker", ProtocolSectionsReader.SAGEMAKER_KEYS),
          Map.entry("$.target.request", ProtocolSectionsReader.REQUEST_KEYS),
          Map.entry("$.target.tensors[]", ProtocolSectionsReader.TENSOR_KEYS),
          Map.entry("$.models[]", ModelsReader.KEYS),
          Map.entry("$.models", ModelsReader.GENERATED_KEYS),
          Map.entry("$.load.scale", ScaleReader.KEYS),
          Map.entry("$.load.capacity", CapacityReader.KEYS),
          Map.entry("$.load.capacity.memory", CapacityReader.MEMORY_KEYS),
          Map.entry("$.load.capacity.mix", CapacityReader.MIX_KEYS),
          Map.entry("$.load.scale.create", ScaleReader.CREATE_KEYS),
          Map.entry("$.load.scale.ready", ScaleReader.READY_KEYS),
          Map.entry("$.dataset", DatasetReader.KEYS),
          Map.entry("$.dataset.synthetic", DatasetReader.SYNTHETIC_KEYS),
          Map.entry("$.dataset.synthetic.sharedPrefix", DatasetReader.PREFIX_KEYS),
          Map.entry("$.dataset.sessions", DatasetReader.SESSIONS_KEYS),
          Map.entry("$.dataset.sessions.thinkTime", DatasetReader.THINK_KEYS),
          Map.entry("$.slices[]", SlicesReader.KEYS),
          Map.entry("$.load", LoadReader.KEYS),
          Map.entry("$.load.stages[]", StagesReader.KEYS),
          Map.entry("$.load.sweep", SweepReader.KEYS),
          Map.entry("$.load.sweep.users", SweepReader.GENERATOR_KEYS),
          Map.entry("$.load.sweep.rate", SweepReader.GENERATOR_KEYS),
          Map.entry("$.load.burst", BurstReader.KEYS),
          Map.entry("$.load.count", CountReader.KEYS),
          Map.entry("$.load.trace", TraceReader.KEYS),
          Map.entry("$.load.saturate", SaturateReader.KEYS),
          Map.entry("$.load.saturate.users", SweepReader.GENERATOR_KEYS),
          Map.entry("$.load.saturate.rate", SweepReader.GENERATOR_KEYS),
          Map.entry("$.load.rounds", RoundsReader.KEYS),
          Map.entry("$.load.feedback", FeedbackReader.KEYS),
          Map.entry("$.load.feedback.users", FeedbackReader.USERS_KEYS),
          Map.entry("$.warmup", PlanReader.WARMUP_KEYS),
          Map.entry("$.warmup.validate", PlanReader.VALIDATE_KEYS),
          Map.entry("$.slo", PlanReader.SLO_KEYS),
          Map.entry("$.cost", PlanReader.COST_KEYS),
          Map.entry("$.gate", GateReader.KEYS));

  /** The load shapes, exactly one of which {@code $.load} has. */
  public static final List<String> LOAD_SHAPES = LoadReader.SHAPES;

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  // YAML reads JSON too, except JSON indented with tabs; and JSON's errors read better for JSON.
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private PlanParser() {}

  /**
   * Parses a plan file; a relative {@code dataset.file}, tensor {@code file} or {@code images} is
   * resolved against the file's folder. A file that cannot be read is one problem at {@code $},
   * with a null {@link ParseResult#text()}.
   */
  public static ParseResult parse(Path planFile) {
    String text;
    try {
      text = Files.readString(planFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return failed("cannot read the plan file " + planFile + ": no such file");
    } catch (IOException e) {
      return failed("cannot read the plan file " + planFile + ": " + e);
    }
    return parse(text, planFile.toAbsolutePath().getParent());
  }

  /**
   * Parses plan text whose files lie in {@code baseDir} (a plan file's folder), or that may name no
   * file when it is null.
   */
  public static ParseResult parse(String text, Path baseDir) {
    return parseWith(
        text,
        baseDir == null
            ? PlanFiles.none("a plan without a folder may not: give it its folder")
            : PlanFiles.besidePlan(baseDir));
  }

  /** Parses plan text whose files are where {@code files} allows, within the default limits. */
  public static ParseResult parseWith(String text, PlanFiles files) {
    return parseWith(text, files, PlanLimits.DEFAULT);
  }

  /** Parses plan text whose files are where {@code files} allows, within {@code limits}. */
  public static ParseResult parseWith(String text, PlanFiles files, PlanLimits limits) {
    JsonNode tree;
    try {
      tree = readTree(text);
    } catch (JsonProcessingException e) {
      return new ParseResult(null, List.of(syntaxProblem(e)), text);
    }
    ProblemSink problems = new ProblemSink();
    Plan plan = PlanReader.read(tree, files, problems);
    List<Problem> over = limits.check(tree);
    if (over.isEmpty()) {
      return new ParseResult(plan, problems.toList(), text);
    }
    List<Problem> all = new java.util.ArrayList<>(problems.toList());
    all.addAll(over);
    return new ParseResult(null, all, text);
  }

  /** JSON first when the text looks like JSON, falling back to YAML (a YAML flow mapping). */
  private static JsonNode readTree(String text) throws JsonProcessingException {
    String start = text.stripLeading();
    if (start.startsWith("{") || start.startsWith("[")) {
      try {
        return JSON.readTree(text);
      } catch (JsonProcessingException notJson) {
        try {
          return YAML.readTree(text);
        } catch (JsonProcessingException notYaml) {
          throw notJson;
        }
      }
    }
    return YAML.readTree(text);
  }

  private static ParseResult failed(String message) {
    return new ParseResult(null, List.of(new Problem(PlanPath.ROOT, message)), null);
  }

  private static Problem syntaxProblem(JsonProcessingException e) {
    JsonLocation where = e.getLocation();
    String at =
        where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    // SnakeYAML's messages interleave the reason with indented excerpts of the text: keep the
    // reason
    String detail =
        e.getOriginalMessage()
            .lines()
            .filter(line -> !line.isBlank() && !line.startsWith(" "))
            .collect(Collectors.joining("; "));
    return new Problem(PlanPath.ROOT, "is not valid YAML or JSON" + at + ": " + detail);
  }
}
