package io.broadside.agent.load;

import io.broadside.common.plan.Model;
import io.broadside.common.plan.Scale;
import io.broadside.common.time.MonoClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

/**
 * One lane's share of a many-model scale study: probes each of its models every {@code interval}
 * until it is ready (a KServe readiness route, or a first successful inference), says so, then
 * sends its validation requests one at a time (recorded like any request, under the study's stage).
 * Probes themselves are not recorded: a model that is not there yet is not an error. Runs on the
 * lane's event loop.
 */
final class ScaleProbe {
  /** What the lane does for the probe. */
  interface Lane {
    /** Sends one recorded request to {@code model}; {@code done} runs on the lane when it ended. */
    void validation(int model, Runnable done);

    /** Sends one unrecorded request to {@code model}; {@code ok} tells whether it succeeded. */
    void inference(int model, Consumer<Boolean> ok);

    /** A probe or request began or ended: the lane drains only when none is in flight. */
    void began();

    void ended();

    /** Every model of the share is ready and validated. */
    void finished();
  }

  private final Vertx vertx;
  private final Scale scale;
  private final List<Model> models;
  private final URI targetUrl;
  private final int[] mine;
  private final Lane lane;
  private final ReadySink readyEvents;
  private final HttpClient http;
  private int remaining;
  private boolean stopped;

  /**
   * @param mine the indices (in the plan's list) of this lane's models
   * @param readyEvents told each model as it becomes ready
   */
  ScaleProbe(
      Vertx vertx,
      Scale scale,
      List<Model> models,
      URI targetUrl,
      int[] mine,
      Lane lane,
      ReadySink readyEvents) {
    this.vertx = vertx;
    this.scale = scale;
    this.models = models;
    this.targetUrl = targetUrl;
    this.mine = mine;
    this.lane = lane;
    this.readyEvents = readyEvents;
    this.remaining = mine.length;
    this.http =
        scale.probe() == Scale.Probe.INFERENCE
            ? null
            : vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout(5_000).setKeepAlive(true));
  }

  void start() {
    if (remaining == 0) {
      lane.finished();
      return;
    }
    for (int model : mine) {
      probe(model);
    }
  }

  /** The timeout passed: no more probes; requests in flight finish. */
  void stop() {
    stopped = true;
    if (http != null) {
      http.close();
    }
  }

  private void probe(int model) {
    if (stopped) {
      return;
    }
    lane.began();
    Consumer<Boolean> answered =
        ready -> {
          lane.ended();
          if (stopped) {
            return;
          }
          if (ready) {
            readyEvents.accept(new ReadySink.Event(models.get(model).name(), MonoClock.nowUs()));
            validate(model, scale.validate());
          } else {
            vertx.setTimer(Math.max(1, scale.interval().toMillis()), id -> probe(model));
          }
        };
    if (http == null) {
      lane.inference(model, answered);
      return;
    }
    String name = models.get(model).name();
    URI base = models.get(model).url() != null ? models.get(model).url() : targetUrl;
    String root = base.toString().replaceAll("/+$", "");
    boolean v2 = scale.probe() == Scale.Probe.KSERVE_V2;
    String url = root + (v2 ? "/v2/models/" + name + "/ready" : "/v1/models/" + name);
    http.request(
            new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setTimeout(10_000))
        .compose(req -> req.send())
        .compose(
            resp ->
                resp.body()
                    .map(body -> resp.statusCode() == 200 && (v2 || v1Ready(body.toString()))))
        .onComplete(ar -> answered.accept(ar.succeeded() && ar.result()));
  }

  private static boolean v1Ready(String body) {
    try {
      return new JsonObject(body).getBoolean("ready", false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void validate(int model, int left) {
    if (left == 0 || stopped) {
      if (--remaining == 0) {
        lane.finished();
      }
      return;
    }
    lane.validation(model, () -> validate(model, left - 1));
  }
}
