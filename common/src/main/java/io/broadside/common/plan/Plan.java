package io.broadside.common.plan;

import java.util.List;
import java.util.Map;

/**
 * A whole test plan (DESIGN.md §7). Only a plan that passed validation exists as this record.
 *
 * @param cost nullable: no price, no cost figures
 * @param requestLog whether agents also write every request as a line of JSON (intended and actual
 *     send time, TTFT, e2e, tokens, outcome) beside their histogram logs
 * @param gate nullable: no comparison with a baseline after the run
 * @param slices the shares of requests kept apart, each with its headers; empty: none
 * @param sessions nullable: each user runs multi-turn conversations ({@code dataset.sessions})
 */
public record Plan(
    String name,
    Map<String, String> tags,
    Target target,
    List<Model> models,
    ModelChoice modelChoice,
    Dataset dataset,
    int maxTokens,
    Load load,
    Warmup warmup,
    Slo slo,
    Thresholds thresholds,
    Cost cost,
    OnAgentLoss onAgentLoss,
    boolean requestLog,
    Gate gate,
    List<Slice> slices,
    Sessions sessions) {

  public Plan {
    tags = Map.copyOf(tags);
    models = List.copyOf(models);
    slices = List.copyOf(slices);
  }
}
