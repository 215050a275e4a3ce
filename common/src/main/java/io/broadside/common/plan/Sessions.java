package io.broadside.common.plan;

import java.time.Duration;
import java.util.Random;

/**
 * Multi-turn conversations: each virtual user (or each arrival, in an open loop) runs a session:
 * turn k sends the history so far (the earlier user messages and the dataset's replies to them)
 * with the next user message, then the user thinks before the next turn, for up to {@code turns}
 * turns or the conversation's end.
 *
 * @param turns the most turns of a session, at least 1
 * @param thinkTime the pause between a turn's answer and the next turn
 * @param header nullable: a header naming the session on each of its requests (e.g. {@code
 *     x-session-id}), for a router that keeps a conversation on one replica
 */
public record Sessions(int turns, ThinkTime thinkTime, String header) {

  /** A think time: fixed, uniform between two bounds, or exponential around a mean. */
  public sealed interface ThinkTime {
    /** A draw, in nanoseconds. */
    long drawNanos(Random random);

    record Fixed(Duration value) implements ThinkTime {
      @Override
      public long drawNanos(Random random) {
        return value.toNanos();
      }
    }

    record Uniform(Duration min, Duration max) implements ThinkTime {
      @Override
      public long drawNanos(Random random) {
        long lo = min.toNanos();
        return lo + (long) (random.nextDouble() * (max.toNanos() - lo));
      }
    }

    record Exponential(Duration mean) implements ThinkTime {
      @Override
      public long drawNanos(Random random) {
        return (long) (-Math.log(1 - random.nextDouble()) * mean.toNanos());
      }
    }
  }
}
