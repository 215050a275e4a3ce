package io.broadside.agent.load;

import io.broadside.agent.dataset.ModelPicker;
import io.broadside.common.plan.Capacity;
import io.broadside.common.plan.Plan;
import io.broadside.common.plan.Rounds;
import io.broadside.common.plan.Stage;
import java.util.List;
import java.util.Random;

/**
 * Which model each request of a lane goes to: the stage's one model (a round that queries one model
 * alone), the first n models in turn (a capacity search adds them one by one), every model in turn
 * (the concurrent round of multi-model rounds), or else the plan's model choice. Not thread-safe:
 * the lane's context only.
 */
final class ModelRouter {
  private final StageTimeline timeline;
  private final ModelPicker picker;
  private final Random random;
  private final int modelCount;

  /** Per stage: the one model it sends to, or -1 for the plan's model choice. */
  private final int[] stageModel;

  /** Multi-model rounds: the concurrent round deals requests to the models in turn. */
  private final boolean rotate;

  private long rotation;

  /**
   * @param timeline the lane's own timeline; a capacity search starts it on the first model alone
   * @param random the lane's own, for the plan's model choice
   */
  ModelRouter(Plan plan, List<String> modelNames, StageTimeline timeline, Random random) {
    this.timeline = timeline;
    this.random = random;
    this.modelCount = modelNames.size();
    this.picker = new ModelPicker(plan.models(), plan.modelChoice());
    List<Stage> stages = timeline.stages();
    stageModel = new int[stages.size()];
    for (int i = 0; i < stageModel.length; i++) {
      String only = stages.get(i).model();
      stageModel[i] = only == null ? -1 : modelNames.indexOf(only);
    }
    rotate = plan.load().shape() instanceof Rounds;
    if (plan.load().shape() instanceof Capacity capacity) {
      // a capacity search starts with the first model alone, until the coordinator adds the next
      timeline.setLevel(0, capacity.users(), 1);
    }
  }

  /** The model of the next request of {@code stage}. */
  int forStage(int stage) {
    int spread = timeline.models(stage);
    return stageModel[stage] >= 0
        ? stageModel[stage]
        : spread > 0
            ? (int) (rotation++ % spread)
            : rotate ? (int) (rotation++ % modelCount) : picker.pick(random);
  }

  /** A model by the plan's model choice alone (a dropped arrival's). */
  int picked() {
    return picker.pick(random);
  }
}
