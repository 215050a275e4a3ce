package io.broadside.agent.load;

import io.broadside.agent.client.ExchangeListener;
import io.vertx.core.Context;
import java.util.function.Consumer;

/**
 * The requests a many-model scale study's probe sends through a lane: a recorded validation
 * request, and unrecorded inference requests that tell whether a model is ready. Each is counted in
 * flight, so the lane drains only when none is. Everything runs on the lane's context.
 */
final class ProbeRequests implements ScaleProbe.Lane {
  private final Lane lane;
  private final Context context;
  private final LaneRequests requests;

  ProbeRequests(Lane lane, Context context, LaneRequests requests) {
    this.lane = lane;
    this.context = context;
    this.requests = requests;
  }

  @Override
  public void validation(int model, Runnable done) {
    requests.fireTo(
        0,
        model,
        System.nanoTime(),
        () -> {
          done.run();
          lane.checkDrained();
        });
  }

  @Override
  public void inference(int model, Consumer<Boolean> ok) {
    requests.began();
    requests.send(
        model,
        new ExchangeListener() {
          @Override
          public void sent(long nanos) {}

          @Override
          public void chunk(long nanos, int tokens, boolean hasChoices) {}

          @Override
          public void done(long nanos, Usage usage, boolean streamed) {
            answer(true);
          }

          @Override
          public void failed(long nanos, String errorClass, String detail) {
            answer(false);
          }

          private void answer(boolean ready) {
            context.runOnContext(
                v -> {
                  requests.ended();
                  ok.accept(ready);
                  lane.checkDrained();
                });
          }
        });
  }

  @Override
  public void began() {
    requests.began();
  }

  @Override
  public void ended() {
    requests.ended();
    lane.checkDrained();
  }

  @Override
  public void finished() {
    lane.finishFiring();
  }
}
