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
 */
public record Stage(
    String name, Duration duration, Integer users, Rate rate, Duration ramp, boolean measured) {

  /** A measured stage. */
  public Stage(String name, Duration duration, Integer users, Rate rate, Duration ramp) {
    this(name, duration, users, rate, ramp, true);
  }
}
