package io.broadside.common.summary;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact merge of every interval of a run, per (stage, model). Owned by one thread (the
 * coordinator's run context); histograms are merged with {@code add}, never averaged.
 */
public final class RunAggregate {
  private final Map<StageModel, CellAggregate> cells = new LinkedHashMap<>();

  public CellAggregate cell(String stage, String model) {
    return cells.computeIfAbsent(new StageModel(stage, model), k -> new CellAggregate());
  }

  public CellAggregate cellOrNull(String stage, String model) {
    return cells.get(new StageModel(stage, model));
  }

  public Map<StageModel, CellAggregate> cells() {
    return cells;
  }
}
