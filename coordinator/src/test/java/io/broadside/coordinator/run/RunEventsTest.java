package io.broadside.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run's live events: numbered in order, replayed after an id with nothing missed or repeated,
 * bounded in progress but never in the other events, and nothing after the end.
 */
class RunEventsTest {
  @Test
  void aSubscriberGetsWhatFollowsTheIdItSawAndEveryLaterEvent() {
    RunEvents events = new RunEvents();
    events.add(RunEvents.STAGE, Map.of("stage", "warm"));
    events.add(RunEvents.PROGRESS, Map.of("n", 1));
    events.add(RunEvents.PROGRESS, Map.of("n", 2));
    List<RunEvents.Event> live = new ArrayList<>();
    List<RunEvents.Event> backlog = events.subscribe(1, live::add);
    events.add(RunEvents.PROGRESS, Map.of("n", 3));
    events.add(RunEvents.END, Map.of("status", "completed"));
    events.add(RunEvents.PROGRESS, Map.of("n", 4));

    assertThat(backlog).extracting(RunEvents.Event::id).containsExactly(2L, 3L);
    assertThat(live).extracting(RunEvents.Event::id).containsExactly(4L, 5L);
    assertThat(live.get(1).data()).isEqualTo("{\"status\":\"completed\"}");
    assertThat(events.ended()).isTrue();
    assertThat(events.after(0)).hasSize(5);
  }

  @Test
  void progressIsBoundedTheOtherEventsAreNot() {
    RunEvents events = new RunEvents();
    events.add(RunEvents.STAGE, Map.of("stage", "first"));
    for (int i = 0; i < RunEvents.MAX_PROGRESS + 10; i++) {
      events.add(RunEvents.PROGRESS, Map.of("n", i));
    }
    events.add(RunEvents.FAILURE, Map.of("errorClass", "timeout"));
    List<RunEvents.Event> kept = events.after(0);
    assertThat(kept.get(0).type()).isEqualTo(RunEvents.STAGE);
    assertThat(kept)
        .filteredOn(e -> e.type().equals(RunEvents.PROGRESS))
        .hasSize(RunEvents.MAX_PROGRESS);
    assertThat(kept.get(1).data()).isEqualTo("{\"n\":10}");
    assertThat(kept).extracting(RunEvents.Event::id).isSorted();

    events.compact();
    assertThat(events.after(0))
        .extracting(RunEvents.Event::type)
        .containsExactly(RunEvents.STAGE, RunEvents.PROGRESS, RunEvents.FAILURE);
    assertThat(events.latestProgress().data())
        .isEqualTo("{\"n\":" + (RunEvents.MAX_PROGRESS + 9) + "}");
  }
}
