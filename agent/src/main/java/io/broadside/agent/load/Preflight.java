package io.broadside.agent.load;

import io.broadside.agent.client.ExchangeListener;
import io.broadside.agent.record.LaneRecorder;
import io.broadside.common.plan.Warmup;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.util.List;

/**
 * Before a run, through one lane: every model validated by one request, then warmed up by requests
 * whose recordings are not kept. Each request is sent when the one before it ended; everything runs
 * on the lane's context.
 */
final class Preflight {
  private final Context context;
  private final LaneRequests requests;
  private final List<String> modelNames;
  private final LaneRecorder warmupRecorder;

  Preflight(Context context, LaneRequests requests, List<String> modelNames) {
    this.context = context;
    this.requests = requests;
    this.modelNames = modelNames;
    this.warmupRecorder = new LaneRecorder(List.of("warmup"), modelNames);
  }

  /**
   * Sends every model one request, in turn, that must pass {@code checks}; fails {@code done} with
   * a message naming the first model that did not (its error class and detail, or its token count).
   */
  void validate(Warmup.Validation checks, Promise<Void> done) {
    validateNext(0, checks, done);
  }

  private void validateNext(int model, Warmup.Validation checks, Promise<Void> done) {
    if (model == modelNames.size()) {
      done.complete();
      return;
    }
    String name = modelNames.get(model);
    requests.send(
        model,
        new ExchangeListener() {
          private int tokens;

          @Override
          public void sent(long nanos) {}

          @Override
          public void chunk(long nanos, int chunkTokens, boolean hasChoices) {
            tokens += chunkTokens;
          }

          @Override
          public void done(long nanos, Usage usage, boolean streamed) {
            int n =
                usage != null && usage.completionTokens() >= 0 ? usage.completionTokens() : tokens;
            String problem =
                n < checks.minOutputTokens()
                    ? "answered with "
                        + n
                        + " output tokens, fewer than "
                        + checks.minOutputTokens()
                    : checks.maxOutputTokens() != null && n > checks.maxOutputTokens()
                        ? "answered with "
                            + n
                            + " output tokens, more than "
                            + checks.maxOutputTokens()
                        : null;
            context.runOnContext(
                v -> {
                  if (problem != null) {
                    done.fail("model " + name + " failed validation: " + problem);
                  } else {
                    validateNext(model + 1, checks, done);
                  }
                });
          }

          @Override
          public void failed(long nanos, String errorClass, String detail) {
            context.runOnContext(
                v ->
                    done.fail(
                        "model " + name + " failed validation: " + errorClass + " " + detail));
          }
        });
  }

  /** Sends {@code perModel} requests to every model, one at a time, recording nothing kept. */
  void warmup(int perModel, Promise<Void> done) {
    warmupNext(0, 0, perModel, done);
  }

  private void warmupNext(int model, int sent, int perModel, Promise<Void> done) {
    if (sent == perModel) {
      if (model + 1 == modelNames.size()) {
        done.complete();
      } else {
        warmupNext(model + 1, 0, perModel, done);
      }
      return;
    }
    requests.sendRecorded(
        model,
        warmupRecorder,
        () -> context.runOnContext(v -> warmupNext(model, sent + 1, perModel, done)));
  }
}
