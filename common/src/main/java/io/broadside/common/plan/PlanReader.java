package io.broadside.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the root of a plan tree: the top-level scalars and small sections itself, the larger
 * sections through one reader each. Every section is read even after a problem, so one pass reports
 * all of them; a {@link Plan} is built only when there is none.
 */
final class PlanReader {
  static final Set<String> KEYS =
      Fields.keys(
          "name",
          "tags",
          "target",
          "models",
          "modelChoice",
          "dataset",
          "maxTokens",
          "load",
          "warmup",
          "slo",
          "thresholds",
          "cost",
          "onAgentLoss",
          "requestLog",
          "gate",
          "slices");
  static final Set<String> WARMUP_KEYS = Fields.keys("requests", "validate");
  static final Set<String> VALIDATE_KEYS = Fields.keys("minOutputTokens", "maxOutputTokens");
  static final Set<String> SLO_KEYS = Fields.keys("ttft", "tpot", "itl", "e2e");
  static final Set<String> COST_KEYS = Fields.keys("usdPerHour", "instances", "instance");

  static final int DEFAULT_MAX_TOKENS = 128;

  private static final Map<String, String> NOT_YET =
      Map.of("stopWhen", "'stopWhen' is not supported yet; thresholds are checked at the end");

  private PlanReader() {}

  /** The plan, or null if the tree has any problem (all reported). */
  static Plan read(JsonNode root, PlanFiles planFiles, ProblemSink problems) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      problems.add(PlanPath.ROOT, "must be a plan with name, target, models and load, was empty");
      return null;
    }
    if (!root.isObject()) {
      problems.add(
          PlanPath.ROOT,
          "must be a plan with name, target, models and load, was " + Fields.quote(root));
      return null;
    }
    Fields plan = Fields.of(root, PlanPath.ROOT, KEYS, NOT_YET, problems);
    String name = plan.required("name", plan::text);
    Map<String, String> tags = plan.stringMap("tags");
    Target target = TargetReader.read(plan, planFiles);
    List<Model> models = ModelsReader.read(plan);
    ModelChoice modelChoice = plan.choice("modelChoice", ModelChoice.class);
    DatasetReader.Read read = DatasetReader.read(plan, planFiles, target);
    Dataset dataset = read.dataset();
    Integer maxTokens = plan.wholeNumber("maxTokens", 1);
    Load load =
        LoadReader.read(
            plan,
            planFiles,
            dataset == null ? DatasetReader.DEFAULT.seed() : dataset.seed(),
            models);
    Warmup warmup = warmup(plan, target);
    Slo slo = slo(plan);
    Thresholds thresholds = ThresholdsReader.read(plan);
    Cost cost = cost(plan);
    OnAgentLoss onAgentLoss = plan.choice("onAgentLoss", OnAgentLoss.class);
    Boolean requestLog = plan.bool("requestLog");
    Gate gate = GateReader.read(plan, planFiles);
    List<Slice> slices = SlicesReader.read(plan);
    if (slices != null && target != null && target.protocol().grpc()) {
      for (int i = 0; i < slices.size(); i++) {
        if (!slices.get(i).headers().isEmpty()) {
          problems.add(
              PlanPath.index(plan.pathOf("slices"), i) + ".headers",
              "a slice's headers are sent on HTTP protocols, not on "
                  + target.protocol().wireName());
        }
      }
    }
    if (problems.count() > 0) {
      return null;
    }
    // a reader that returned null for a required section without reporting why is a bug here
    return new Plan(
        Objects.requireNonNull(name),
        Objects.requireNonNullElse(tags, Map.of()),
        Objects.requireNonNull(target),
        Objects.requireNonNull(models),
        Objects.requireNonNullElse(modelChoice, ModelChoice.UNIFORM),
        Objects.requireNonNull(dataset),
        Objects.requireNonNullElse(maxTokens, DEFAULT_MAX_TOKENS),
        Objects.requireNonNull(load),
        warmup,
        slo,
        thresholds,
        cost,
        Objects.requireNonNullElse(onAgentLoss, OnAgentLoss.FAIL),
        Objects.requireNonNullElse(requestLog, Boolean.FALSE),
        gate,
        Objects.requireNonNull(slices),
        read.sessions());
  }

  private static Warmup warmup(Fields plan, Target target) {
    Fields warmup = plan.object("warmup", WARMUP_KEYS, Map.of());
    Integer requests = warmup == null ? null : warmup.wholeNumber("requests", 0);
    Warmup.Validation validation = null;
    if (warmup != null && warmup.has("validate")) {
      // validate: true, or the checks
      boolean generative = target == null || target.protocol().generative();
      int defaultMin = generative ? 1 : 0;
      if (warmup.get("validate").isBoolean()) {
        validation =
            warmup.get("validate").asBoolean() ? new Warmup.Validation(defaultMin, null) : null;
      } else {
        Fields v = warmup.object("validate", VALIDATE_KEYS, Map.of());
        if (v != null) {
          Integer min = v.wholeNumber("minOutputTokens", 0);
          Integer max = v.wholeNumber("maxOutputTokens", 1);
          if (min != null && max != null && max < min) {
            v.problem(
                "maxOutputTokens", "must be at least minOutputTokens (" + min + "), was " + max);
          }
          validation = new Warmup.Validation(Objects.requireNonNullElse(min, defaultMin), max);
        }
      }
    }
    return new Warmup(Objects.requireNonNullElse(requests, 0), validation);
  }

  private static Slo slo(Fields plan) {
    Fields slo = plan.object("slo", SLO_KEYS, Map.of());
    if (slo == null) {
      return Slo.NONE;
    }
    Duration ttft = slo.duration("ttft", true);
    Duration tpot = slo.duration("tpot", true);
    Duration itl = slo.duration("itl", true);
    Duration e2e = slo.duration("e2e", true);
    return new Slo(ttft, tpot, itl, e2e);
  }

  /**
   * {@code cost}: {@code usdPerHour}, or {@code instance} naming one of {@code instances} (a table
   * of prices in USD an hour, e.g. {@code {g5.2xlarge: 1.212}}).
   */
  private static Cost cost(Fields plan) {
    Fields cost = plan.object("cost", COST_KEYS, Map.of());
    if (cost == null) {
      return null;
    }
    if (!cost.has("instance") && !cost.has("instances")) {
      Double usdPerHour = cost.required("usdPerHour", cost::positiveNumber);
      return usdPerHour == null ? null : new Cost(usdPerHour);
    }
    cost.forbid("usdPerHour", "must not be given with instance and instances");
    String instance = cost.required("instance", cost::text);
    if (!cost.has("instances")) {
      cost.problem("instances", "is required with instance: a table such as {g5.2xlarge: 1.212}");
      return null;
    }
    Fields table = Fields.anyKeys(cost.get("instances"), cost.pathOf("instances"), cost.problems());
    if (table == null) {
      return null;
    }
    Double chosen = null;
    for (String name : table.keysPresent()) {
      Double price = table.required(name, table::positiveNumber);
      if (name.equals(instance)) {
        chosen = price;
      }
    }
    if (instance != null && !table.keysPresent().contains(instance)) {
      cost.problem(
          "instance",
          "must be one of the instances ("
              + String.join(", ", table.keysPresent())
              + "), was '"
              + instance
              + "'");
      return null;
    }
    return chosen == null || cost.has("usdPerHour") ? null : new Cost(chosen);
  }
}
