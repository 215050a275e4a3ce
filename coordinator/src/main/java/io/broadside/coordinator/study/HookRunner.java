package io.broadside.coordinator.study;

import io.broadside.common.plan.Model;
import io.broadside.common.plan.Scale;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.StudyContext;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
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

  private final StudyContext context;
  private final Run run;
  private final Scale.Create create;
  private final ReadinessStudy study;
  private final ArrayDeque<Integer> waiting = new ArrayDeque<>();
  private final List<Model> models;
  private int running;

  private HookRunner(StudyContext context, Scale.Create create, ReadinessStudy study) {
    this.context = context;
    this.run = context.run();
    this.create = create;
    this.study = study;
    this.models = run.plan().models();
  }

  /** Starts the hooks of the context's run, which has just been told to start. */
  static void start(StudyContext context, Scale.Create create, ReadinessStudy study) {
    HookRunner h = new HookRunner(context, create, study);
    for (int i = 0; i < h.models.size(); i++) {
      int n = i;
      long dueUs = h.run.startUs() + create.every().toNanos() / 1000 * n;
      long waitMs = (dueUs - context.time().nowUs()) / 1000;
      if (waitMs <= 0) {
        h.due(n);
      } else {
        context.time().after(waitMs, () -> h.due(n));
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
      study.created(name, context.time().nowUs());
      context
          .workers()
          .blocking(() -> runHook(name))
          .onComplete(
              ar -> {
                try {
                  running--;
                  String error = ar.succeeded() ? ar.result() : String.valueOf(ar.cause());
                  if (error != null) {
                    LOG.warning("run " + run.id() + ": creation hook for " + name + " " + error);
                    study.createFailed(name, error);
                  }
                  next();
                } catch (RuntimeException e) {
                  // fails the run, never leaves it waiting for hooks that will not come
                  context.fail().accept("internal error: " + e);
                }
              });
    }
  }

  /** Runs the hook for {@code model}; null when it succeeded, else why not. Blocking. */
  private String runHook(String model) throws InterruptedException {
    List<String> command = create.hook().stream().map(w -> w.replace("${model}", model)).toList();
    return Commands.run(command, Map.of("MODEL", model)).failure();
  }
}
