package io.broadside.agent.load;

import io.broadside.agent.client.SecretSources;
import io.broadside.agent.client.protocols.PreparedTarget;
import io.broadside.agent.dataset.PromptSource;
import io.broadside.agent.record.LaneInterval;
import io.broadside.common.plan.ParseResult;
import io.broadside.common.plan.Plan;
import io.broadside.common.plan.PlanParser;
import io.broadside.common.plan.Warmup;
import io.broadside.common.shard.Shares;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * This agent's part of one run: its lanes, from prepare (plan parsed, dataset loaded, connections
 * warmed) to drained. Methods may be called from any context; lanes do the work on their own.
 */
public final class LoadRun {
  private final Vertx vertx;
  private final String runId;
  private final Plan plan;
  private final List<Lane> lanes;
  private final List<String> deployments;
  private final ReadySink ready;

  private LoadRun(
      Vertx vertx,
      String runId,
      Plan plan,
      List<Lane> lanes,
      List<String> deployments,
      ReadySink ready) {
    this.ready = ready;
    this.vertx = vertx;
    this.runId = runId;
    this.plan = plan;
    this.lanes = lanes;
    this.deployments = deployments;
  }

  /**
   * Parses the plan and loads the dataset on a worker thread, deploys one lane per event loop and
   * sends the warmup requests (agent 0 only, so the cluster sends each model's warmup once).
   */
  public static Future<LoadRun> prepare(
      Vertx vertx,
      String runId,
      String planText,
      Path baseDir,
      int agentIndex,
      double[] weights,
      int lanes,
      String sourceHost,
      SecretSources secrets,
      int maxUsers) {
    return vertx
        .executeBlocking(
            () -> {
              ParseResult parsed = PlanParser.parse(planText, baseDir);
              if (!parsed.ok()) {
                throw new IllegalArgumentException("invalid plan: " + parsed.problems());
              }
              Plan plan = parsed.plan();
              int mine = Shares.agentShare(plan.load().peakUsers(), weights, agentIndex);
              if (mine > maxUsers) {
                throw new IllegalArgumentException(
                    "this agent would hold "
                        + mine
                        + " users at the plan's peak, more than its --max-users "
                        + maxUsers);
              }
              PreparedTarget target =
                  PreparedTarget.prepare(plan.target(), plan.dataset().seed(), secrets);
              return new Object[] {plan, PromptSource.load(plan.dataset()), target};
            })
        .compose(
            loaded -> {
              Plan plan = (Plan) loaded[0];
              int laneCount = laneCount(plan, agentIndex, weights, lanes);
              LaneSpec spec =
                  new LaneSpec(
                      plan,
                      new StageTimeline(plan.load().shape().timeline()),
                      (PromptSource) loaded[1],
                      agentIndex,
                      weights,
                      laneCount,
                      (PreparedTarget) loaded[2],
                      sourceHost,
                      new ReadySink());
              List<Lane> all = new ArrayList<>();
              List<Future<String>> deployed = new ArrayList<>();
              for (int i = 0; i < laneCount; i++) {
                Lane lane = new Lane(spec, i);
                all.add(lane);
                deployed.add(vertx.deployVerticle(lane));
              }
              return Future.all(deployed)
                  .map(cf -> new LoadRun(vertx, runId, plan, all, cf.<String>list(), spec.ready()));
            })
        .compose(
            run -> {
              // validation, then warmup: agent 0 only, so the cluster sends each model's once
              Warmup.Validation checks = run.plan.warmup().validate();
              if (agentIndex != 0 || checks == null) {
                return Future.succeededFuture(run);
              }
              return run.lanes
                  .get(0)
                  .validate(checks)
                  .map(run)
                  .recover(e -> run.close().transform(closed -> Future.<LoadRun>failedFuture(e)));
            })
        .compose(
            run -> {
              int warmup = run.plan.warmup().requests();
              if (agentIndex != 0 || warmup == 0) {
                return Future.succeededFuture(run);
              }
              return run.lanes.get(0).warmup(warmup).map(run);
            });
  }

  private static int laneCount(Plan plan, int agentIndex, double[] weights, int lanes) {
    int cap = plan.load().maxConcurrency();
    if (cap <= 0) {
      return lanes;
    }
    int agentCap = Shares.agentShare(cap, weights, agentIndex);
    return Math.max(1, Math.min(lanes, agentCap));
  }

  public String runId() {
    return runId;
  }

  public Plan plan() {
    return plan;
  }

  /**
   * Fires from {@code startNanos} ({@link System#nanoTime()}), recording on a grid of {@code
   * intervalNanos} intervals of intended send time; completes when every lane drained.
   */
  public Future<Void> run(long startNanos, long intervalNanos) {
    return Future.all(lanes.stream().map(l -> l.run(startNanos, intervalNanos)).toList())
        .mapEmpty();
  }

  public void stopFiring() {
    lanes.forEach(Lane::stopFiring);
  }

  public Future<List<LaneInterval>> takeInterval() {
    return Future.all(lanes.stream().map(Lane::takeInterval).toList())
        .map(cf -> cf.<LaneInterval>list());
  }

  public Future<Integer> activeUsers() {
    return Future.all(lanes.stream().map(Lane::activeUsers).toList())
        .map(cf -> cf.<Integer>list().stream().mapToInt(Integer::intValue).sum());
  }

  public Future<Void> close() {
    return Future.all(deployments.stream().map(vertx::undeploy).toList()).mapEmpty();
  }

  /** When the first lane fired ({@link System#nanoTime()}), or 0 if none did. Any thread. */
  public long firstFireNanos() {
    return lanes.stream().mapToLong(Lane::firstFireNanos).filter(n -> n != 0).min().orElse(0);
  }

  /** Where this run's lanes tell that a model became ready (a scale study). */
  public ReadySink ready() {
    return ready;
  }

  /** See {@link Lane#setLevel}. */
  public void setLevel(int index, double level, int models, long jumpAtNanos) {
    lanes.forEach(l -> l.setLevel(index, level, models, jumpAtNanos));
  }

  /** See {@link Lane#reshard}. */
  public void reshard(double[] weights, long atNanos) {
    lanes.forEach(l -> l.reshard(weights, atNanos));
  }
}
