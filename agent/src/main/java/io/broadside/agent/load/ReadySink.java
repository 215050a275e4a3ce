package io.broadside.agent.load;

import java.util.function.Consumer;

/**
 * Where a run's lanes tell that a model became ready (a many-model scale study): set once the run
 * is prepared, called from any lane's thread, so the receiver must hop to its own context. Every
 * event is kept, so that a control stream that was lost can be told them all again.
 */
public final class ReadySink {
  private final java.util.List<Event> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A model answered its readiness probe at {@code readyUs} (epoch µs, this agent's clock). */
  public record Event(String model, long readyUs) {}

  private volatile Consumer<Event> receiver = e -> {};

  public void receiver(Consumer<Event> r) {
    this.receiver = r;
  }

  void accept(Event e) {
    seen.add(e);
    receiver.accept(e);
  }

  /** Every event so far, in order. */
  public java.util.List<Event> seen() {
    return java.util.List.copyOf(seen);
  }
}
