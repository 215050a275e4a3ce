package io.broadside.coordinator.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A run's live events, numbered from 1, as {@code GET /api/v1/runs/{id}/events} sends them: a
 * progress event per snapshot interval, stage changes, adaptive steps, each error class's first
 * failure, and the end. A client that comes back with the last id it saw misses nothing but
 * progress older than {@link #MAX_PROGRESS} intervals; once the run is off /metrics only the events
 * other than progress (and the last progress) stay. Written on the coordinator's context, read from
 * any thread.
 */
public final class RunEvents {
  /** Progress of the last interval (figures, phase, stage, agents' health). */
  public static final String PROGRESS = "progress";

  /** The run entered a stage of its plan. */
  public static final String STAGE = "stage";

  /** An adaptive run judged a step. */
  public static final String STEP = "step";

  /** The first failure of an error class. */
  public static final String FAILURE = "failure";

  /** The run ended; its files are written. The last event. */
  public static final String END = "end";

  /**
   * The most progress events kept for a run (an hour at one a second, about 3 MiB); older ones go,
   * every other event stays. The run's files keep every interval in full.
   */
  static final int MAX_PROGRESS = 3_600;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One event: its number, type and JSON data. */
  public record Event(long id, String type, String data) {}

  private final List<Event> events = new ArrayList<>();
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
  private long next = 1;
  private int progressKept;
  private Event latestProgress;
  private boolean ended;

  /** Adds an event with {@code data} as JSON and tells every listener. */
  public void add(String type, Object data) {
    String json;
    try {
      json = JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("an event's data must be JSON", e);
    }
    Event e;
    synchronized (this) {
      if (ended) {
        return;
      }
      e = new Event(next++, type, json);
      events.add(e);
      if (type.equals(PROGRESS)) {
        latestProgress = e;
        if (++progressKept > MAX_PROGRESS) {
          dropOldestProgress();
        }
      }
      ended = type.equals(END);
    }
    for (Consumer<Event> l : listeners) {
      l.accept(e);
    }
  }

  private void dropOldestProgress() {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).type().equals(PROGRESS)) {
        events.remove(i);
        progressKept--;
        return;
      }
    }
  }

  /** The events after {@code lastId} (0: all kept), in order. */
  public synchronized List<Event> after(long lastId) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (e.id() > lastId) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The events after {@code lastId}, then every later one to {@code listener} until removed:
   * atomically, so none is missed or sent twice.
   */
  public synchronized List<Event> subscribe(long lastId, Consumer<Event> listener) {
    listeners.add(listener);
    return after(lastId);
  }

  public void unsubscribe(Consumer<Event> listener) {
    listeners.remove(listener);
  }

  /** The latest progress event, or null before the first. */
  public synchronized Event latestProgress() {
    return latestProgress;
  }

  /** Whether the end event was added. */
  public synchronized boolean ended() {
    return ended;
  }

  /** Lets the progress events go (the run is off /metrics): what is left are the few others. */
  public synchronized void compact() {
    events.removeIf(e -> e.type().equals(PROGRESS) && e != latestProgress);
    progressKept = latestProgress == null ? 0 : 1;
  }
}
