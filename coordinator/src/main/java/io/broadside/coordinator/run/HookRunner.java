package io.broadside.coordinator.run;

import io.broadside.common.plan.Model;
import io.broadside.common.plan.Scale;
import io.broadside.common.time.MonoClock;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Runs a scale study's creation hook once per model, in the plan's order: the n-th not before
 * {@code every × n} from the run's start, at most {@code concurrency} at once, each on a worker
 * thread (a process is blocking work) and bounded to a minute. A model counts as created when its
 * hook starts; a hook that fails (exit code, no such command, timeout) marks its model with the
 * reason and its output's first line. Scheduling runs on the coordinator's context.
 */
final class HookRunner {
  private static final Logger LOG = Logger.getLogger(HookRunner.class.getName());
  private static final long TIMEOUT_S = 60;

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
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("MODEL", model);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return "could not start " + command.get(0) + ": " + e.getMessage();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) >= 0; ) {
                  if (out.size() < 4096) {
                    out.write(buf, 0, Math.min(n, 4096 - out.size()));
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "hook-output-" + model);
    reader.setDaemon(true);
    reader.start();
    if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "timed out after " + TIMEOUT_S + " s";
    }
    reader.join(1_000);
    if (p.exitValue() == 0) {
      return null;
    }
    String text = out.toString(StandardCharsets.UTF_8).strip();
    String first = text.isEmpty() ? "" : ": " + text.lines().findFirst().orElse("");
    return "exited with " + p.exitValue() + first;
  }
}
