package io.broadside.agent.load;

import java.util.Random;

/** Gamma-distributed draws of scale 1 (Marsaglia and Tsang, 2000), from a seeded source. */
final class Gamma {
  private Gamma() {}

  /** A draw of Gamma(shape, 1): mean {@code shape}, variance {@code shape}. */
  static double draw(Random random, double shape) {
    if (shape < 1) {
      // boost: Gamma(a) = Gamma(a + 1) × U^(1/a)
      return draw(random, shape + 1) * Math.pow(1 - random.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = random.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = 1 - random.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }
}
