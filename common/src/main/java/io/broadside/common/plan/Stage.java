package io.broadside.common.plan;

import io.broadside.common.unit.Rate;
import java.time.Duration;

/**
 * One stage: a level held for {@code duration}, reached by a linear ramp from the previous level
 * over {@code ramp} (which counts inside the duration).
 *
 * @param name the plan's name, or {@code stage-<n>} counted from 1
 * @param users closed mode: the number of virtual users, else null
 * @param rate open mode: the arrival rate, else null
 * @param ramp nullable: no ramp, the level applies at once
 * @param measured false for a lead-in (a sweep level's warmup): its requests are sent and recorded
 *     under its name, but the summary leaves it out
 * @param model nullable: every request of the stage goes to this model (a round that queries one
 *     model alone); null for the plan's model choice
 */
public record Stage(
    String name,
    Duration duration,
    Integer users,
    Rate rate,
    Duration ramp,
    boolean measured,
    String model) {

  /** A measured stage. */
  public Stage(String name, Duration duration, Integer users, Rate rate, Duration ramp) {
    this(name, duration, users, rate, ramp, true, null);
  }

  /** A stage over every model. */
  public Stage(
      String name, Duration duration, Integer users, Rate rate, Duration ramp, boolean measured) {
    this(name, duration, users, rate, ramp, measured, null);
  }
}
