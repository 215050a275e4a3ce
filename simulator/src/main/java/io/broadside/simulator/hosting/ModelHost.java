package io.broadside.simulator.hosting;

import io.broadside.simulator.config.HostingStats;
import io.broadside.simulator.config.ModelHosting;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Multi-model hosting ({@link ModelHosting}): which models are loaded, loading or not, the loads in
 * flight as Vert.x timers, and the requests waiting for them. A loaded model with requests in
 * flight is never unloaded; the least recently used idle one goes first. Without hosting ({@link
 * #always()}) every model is always ready.
 *
 * <p>Owned by the simulator's context: every method must be called there, and callbacks run there.
 */
public final class ModelHost {
  private final Vertx vertx;
  private final ModelHosting hosting;
  private final long seed;

  /** Loaded models in least-recently-used order (access-ordered). */
  private final LinkedHashMap<String, Loaded> loaded = new LinkedHashMap<>(16, 0.75f, true);

  private final Map<String, Loading> loading = new HashMap<>();
  private long loads;
  private long unloads;

  private ModelHost(Vertx vertx, ModelHosting hosting, long seed) {
    this.vertx = vertx;
    this.hosting = hosting;
    this.seed = seed;
  }

  /** Hosting by {@code hosting}, or every model always ready when it is {@code null}. */
  public static ModelHost of(Vertx vertx, ModelHosting hosting, long seed) {
    return new ModelHost(vertx, hosting, seed);
  }

  /**
   * Decides whether a request for {@code model} is served: calls {@code then} at once when the
   * model is loaded (or there is no hosting) or cannot be loaded, else after its load completes or
   * {@code coldStartWait} passes, whichever is first. A served request holds the model until {@link
   * #release}.
   */
  public void admit(String model, Consumer<Admission> then) {
    if (hosting == null) {
      then.accept(Admission.READY);
      return;
    }
    Loaded ready = loaded.get(model);
    if (ready != null) {
      ready.inFlight++;
      then.accept(Admission.READY);
      return;
    }
    Loading load = loading.get(model);
    if (load == null) {
      if (!makeRoom()) {
        then.accept(Admission.NOT_READY);
        return;
      }
      load = startLoad(model);
    }
    Waiter waiter = new Waiter(then);
    load.waiters.add(waiter);
    Loading pending = load;
    waiter.timer =
        vertx.setTimer(
            Math.max(1, hosting.coldStartWait().toMillis()),
            id -> {
              pending.waiters.remove(waiter);
              then.accept(Admission.NOT_READY);
            });
  }

  /** A served request for {@code model} ended: the model may be unloaded again when idle. */
  public void release(String model) {
    if (hosting == null) {
      return;
    }
    Loaded held = loaded.get(model);
    if (held != null && held.inFlight > 0) {
      held.inFlight--;
    }
  }

  /**
   * Starts loading {@code model} if it is neither loaded nor loading (an explicit load, as through
   * Triton's repository API); returns false when no idle model can make room. Without hosting every
   * model is always loaded.
   */
  public boolean load(String model) {
    if (hosting == null || loaded.containsKey(model) || loading.containsKey(model)) {
      return true;
    }
    if (!makeRoom()) {
      return false;
    }
    startLoad(model);
    return true;
  }

  /** Unloads {@code model} if it is loaded and idle; false when it has requests in flight. */
  public boolean unload(String model) {
    if (hosting == null) {
      return false;
    }
    Loaded held = loaded.get(model);
    if (held == null) {
      return true;
    }
    if (held.inFlight > 0) {
      return false;
    }
    loaded.remove(model);
    unloads++;
    return true;
  }

  /** {@code READY}, {@code LOADING} or {@code UNAVAILABLE}, as Triton's repository index says. */
  public String state(String model) {
    return ready(model) ? "READY" : loading.containsKey(model) ? "LOADING" : "UNAVAILABLE";
  }

  /** Whether {@code model} is ready to serve now (not loading, not unloaded). */
  public boolean ready(String model) {
    return hosting == null || loaded.containsKey(model);
  }

  /** The counters now; without hosting no loads and an empty list. */
  public HostingStats stats() {
    return new HostingStats(loads, unloads, new ArrayList<>(loaded.keySet()));
  }

  /** Unloads idle models, least recently used first, until one more fits; false if none can go. */
  private boolean makeRoom() {
    int capacity = hosting.capacity();
    while (loaded.size() + loading.size() >= capacity) {
      String idle = null;
      for (Map.Entry<String, Loaded> e : loaded.entrySet()) {
        if (e.getValue().inFlight == 0) {
          idle = e.getKey();
          break;
        }
      }
      if (idle == null) {
        return false;
      }
      loaded.remove(idle);
      unloads++;
    }
    return true;
  }

  private Loading startLoad(String model) {
    loads++;
    Loading load = new Loading();
    loading.put(model, load);
    vertx.setTimer(Math.max(1, loadTimeMillis(model)), id -> finishLoad(model, load));
    return load;
  }

  private void finishLoad(String model, Loading load) {
    loading.remove(model);
    Loaded ready = new Loaded();
    loaded.put(model, ready);
    for (Waiter waiter : load.waiters) {
      vertx.cancelTimer(waiter.timer);
      ready.inFlight++;
      waiter.then.accept(Admission.COLD);
    }
    load.waiters.clear();
  }

  /** Uniform in [min, max], fixed per model for the seed. */
  long loadTimeMillis(String model) {
    return hosting.loadTime(model, seed).toMillis();
  }

  private static final class Loaded {
    int inFlight;
  }

  private static final class Loading {
    final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  }

  private static final class Waiter {
    final Consumer<Admission> then;
    long timer;

    Waiter(Consumer<Admission> then) {
      this.then = then;
    }
  }
}
