package io.broadside.coordinator.run;

import io.broadside.common.plan.Model;
import io.broadside.common.plan.Scale;
import io.broadside.common.time.MonoClock;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.List;
import java.util.logging.Logger;

/**
 * Runs a scale study's creation hook once per model, in the plan's order: the n-th not before
 * {@code every × n} from the run's start, at most {@code concurrency} at once, each on a worker
 * thread (a process is blocking work; see {@link Commands}). A model counts as created when its
 * hook starts; a hook that fails (exit code, no such command, timeout) marks its model with the
 * reason and its output's first line. Scheduling runs on the coordinator's context.
 */
final class HookRunner {
  private static final Logger LOG = Logger.getLogger(HookRunner.class.getName());

  private final Vertx vertx;
  private final Run run;
  private final Scale.Create create;
  private final ArrayDeque<Integer> waiting = new ArrayDeque<>();
  private final List<Model> models;
  private int running;

  private HookRunner(Vertx vertx, Run run, Scale.Create create) {
    this.vertx = vertx;
    this.run = run;
    this.create = create;
    this.models = run.plan().models();
  }

  /** Starts the hooks of {@code run}, which has just been told to start. */
  static void start(Vertx vertx, Run run, Scale.Create create) {
    HookRunner h = new HookRunner(vertx, run, create);
    for (int i = 0; i < h.models.size(); i++) {
      int n = i;
      long dueUs = run.startUs() + create.every().toNanos() / 1000 * n;
      long waitMs = (dueUs - MonoClock.nowUs()) / 1000;
      if (waitMs <= 0) {
        h.due(n);
      } else {
        vertx.setTimer(waitMs, id -> h.due(n));
      }
    }
  }

  private void due(int model) {
    waiting.addLast(model);
    next();
  }

  private void next() {
    while (running < create.concurrency() && !waiting.isEmpty() && !run.status().ended()) {
      int model = waiting.pollFirst();
      String name = models.get(model).name();
      running++;
      long startedUs = MonoClock.nowUs();
      run.modelCreated(name, startedUs);
      vertx
          .executeBlocking(() -> runHook(name), false)
          .onComplete(
              ar -> {
                running--;
                String error = ar.succeeded() ? ar.result() : String.valueOf(ar.cause());
                if (error != null) {
                  LOG.warning("run " + run.id() + ": creation hook for " + name + " " + error);
                  run.modelCreateFailed(name, error);
                }
                next();
              });
    }
  }

  /** Runs the hook for {@code model}; null when it succeeded, else why not. Blocking. */
  private String runHook(String model) throws InterruptedException {
    List<String> command = create.hook().stream().map(w -> w.replace("${model}", model)).toList();
    return Commands.run(command, java.util.Map.of("MODEL", model)).failure();
  }
}
