package io.broadside.agent.dataset;

import io.broadside.common.plan.Model;
import io.broadside.common.plan.ModelChoice;
import java.util.List;
import java.util.Random;

/** Picks a model index per request: uniform, by weight, or Zipf by list position. */
public final class ModelPicker {
  private final double[] cumulative;
  private final boolean uniform;

  public ModelPicker(List<Model> models, ModelChoice choice) {
    this.uniform = choice == ModelChoice.UNIFORM;
    this.cumulative = new double[models.size()];
    double sum = 0;
    for (int i = 0; i < models.size(); i++) {
      double w = choice == ModelChoice.WEIGHTED ? models.get(i).weight() : 1.0 / (i + 1);
      sum += w;
      cumulative[i] = sum;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
  }

  public int pick(Random random) {
    if (cumulative.length == 1) {
      return 0;
    }
    if (uniform) {
      return random.nextInt(cumulative.length);
    }
    double u = random.nextDouble();
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }
}
