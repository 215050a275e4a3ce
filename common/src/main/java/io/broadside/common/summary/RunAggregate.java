package io.broadside.common.summary;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact merge of every interval of a run, per (stage, model). Owned by one thread (the
 * coordinator's run context); histograms are merged with {@code add}, never averaged.
 */
public final class RunAggregate {
  private final Map<StageModel, CellAggregate> cells = new LinkedHashMap<>();

  /** The cell last asked for: a snapshot's series and counters come cell by cell. */
  private String lastStage;

  private String lastModel;
  private CellAggregate lastCell;

  public CellAggregate cell(String stage, String model) {
    if (lastCell != null && stage.equals(lastStage) && model.equals(lastModel)) {
      return lastCell;
    }
    lastCell = cells.computeIfAbsent(new StageModel(stage, model), k -> new CellAggregate());
    lastStage = stage;
    lastModel = model;
    return lastCell;
  }

  /** The parts of the cells kept apart (slices, turns), by (stage, model, part). */
  private final Map<StageModelPart, CellAggregate> parts = new LinkedHashMap<>();

  /** A (stage, model)'s part ({@link io.broadside.common.metric.Parts}). */
  public record StageModelPart(String stage, String model, String part) {}

  public CellAggregate part(String stage, String model, String part) {
    return parts.computeIfAbsent(new StageModelPart(stage, model, part), k -> new CellAggregate());
  }

  /** Every part kept so far. */
  public Map<StageModelPart, CellAggregate> parts() {
    return parts;
  }

  public CellAggregate cellOrNull(String stage, String model) {
    return cells.get(new StageModel(stage, model));
  }

  public Map<StageModel, CellAggregate> cells() {
    return cells;
  }

  /** Forgets every cell (an ended run whose summary is written lets its histograms go). */
  public void clear() {
    cells.clear();
    parts.clear();
    lastCell = null;
    lastStage = null;
    lastModel = null;
  }
}
