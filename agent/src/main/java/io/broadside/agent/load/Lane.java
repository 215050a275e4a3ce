package io.broadside.agent.load;

import io.broadside.agent.client.protocols.ModelClients;
import io.broadside.agent.dataset.PromptSource;
import io.broadside.agent.record.ColdStarts;
import io.broadside.agent.record.LaneInterval;
import io.broadside.agent.record.LaneRecorder;
import io.broadside.agent.record.RequestRecording;
import io.broadside.common.plan.Burst;
import io.broadside.common.plan.Count;
import io.broadside.common.plan.LoadMode;
import io.broadside.common.plan.LoadShape;
import io.broadside.common.plan.Model;
import io.broadside.common.plan.Plan;
import io.broadside.common.plan.Scale;
import io.broadside.common.plan.Stage;
import io.broadside.common.plan.Trace;
import io.broadside.common.plan.Warmup;
import io.broadside.common.shard.Shares;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Random;

/**
 * One event loop's share of a run: its virtual users (closed) or its slice of the arrival schedule
 * (open), its target clients and its recorder. Everything here runs on this verticle's context; the
 * public methods hop onto it, so they may be called from any thread.
 *
 * <p>The lane ticks every {@value #TICK_MS} ms and asks its {@link LaneSchedule} what is due; its
 * {@link ClosedLoopUsers} or {@link OpenLoopArrivals} send through its {@link LaneRequests}, to the
 * models its {@link ModelRouter} chooses; {@link Preflight} validates and warms up before a run.
 */
public final class Lane extends VerticleBase {
  private static final long TICK_MS = 10;

  private final LaneSpec spec;
  private final int laneIndex;

  /** This lane's decisions, on its own timeline: an adaptive run sets its levels as it goes. */
  private final LaneSchedule schedule;

  private ModelClients clients;
  private LaneRecorder recorder;
  private LaneRequests requests;
  private Preflight preflight;
  private ClosedLoopUsers users;
  private OpenLoopArrivals arrivals;

  private long timer = -1;
  private boolean ending;
  private long graceTimer = -1;
  private Promise<Void> drained;
  private volatile long firstFireNanos;
  private long lastTickNanos;

  /** This lane's thread's own CPU, interval by interval. */
  private final ThreadCpu cpu = new ThreadCpu();

  /** A many-model scale study: this lane's share of the models, probed until ready. */
  private ScaleProbe probe;

  public Lane(LaneSpec spec, int laneIndex) {
    this.spec = spec;
    this.laneIndex = laneIndex;
    this.schedule =
        new LaneSchedule(
            spec.timeline().copy(),
            spec.agentWeights(),
            spec.agentIndex(),
            spec.lanes(),
            laneIndex,
            spec.plan().load().maxConcurrency(),
            spec.plan().load().overflow());
  }

  @Override
  public Future<?> start() {
    Plan plan = spec.plan();
    List<String> modelNames = plan.models().stream().map(Model::name).toList();
    List<String> stageNames = schedule.timeline().stages().stream().map(Stage::name).toList();
    List<String> sliceNames =
        plan.slices().stream().map(io.broadside.common.plan.Slice::name).toList();
    int turns = plan.sessions() == null ? 0 : plan.sessions().turns();
    recorder =
        new LaneRecorder(
            stageNames, modelNames, io.broadside.common.metric.Parts.of(sliceNames, turns));
    if (plan.requestLog()) {
      recorder.logRequests();
    }
    long seed = plan.dataset().seed() * 31 + spec.agentIndex() * 1009L + laneIndex;
    Random random = new Random(seed);
    // each lane starts at its own place in the prompts, and in the images of a KServe tensor
    int offset = spec.agentIndex() * 7919 + laneIndex * 104729;
    PromptSource.Cursor cursor = spec.prompts().cursor(seed, offset);
    ModelRouter models = new ModelRouter(plan, modelNames, schedule.timeline(), random);
    clients = ModelClients.create(vertx, spec.target(), plan.models(), spec.sourceHost(), offset);
    long coldAbove =
        plan.target().sagemaker() != null && plan.target().sagemaker().coldStartAbove() != null
            ? plan.target().sagemaker().coldStartAbove().toNanos()
            : Long.MAX_VALUE;
    RequestRecording.Rules rules =
        new RequestRecording.Rules(
            plan.slo(),
            plan.target().protocol().generative(),
            new ColdStarts(modelNames.size(), coldAbove));
    requests =
        new LaneRequests(clients, cursor, recorder, rules, models, modelNames, plan.maxTokens());
    // slices and sessions draw from a stream of their own: a plan without them draws as before
    Random parts = new Random(seed ^ 0x736C696365735FL);
    requests.slices(plan.slices(), parts);
    if (plan.sessions() != null) {
      boolean repliesSetBudget =
          plan.dataset() instanceof io.broadside.common.plan.FileDataset f
              && f.maxTokensFrom() == io.broadside.common.plan.MaxTokensFrom.DATASET;
      // a session's name is unique to the run (its start), the agent and the lane
      requests.sessions(
          plan.sessions(),
          repliesSetBudget,
          "s"
              + Long.toString(System.currentTimeMillis(), 36)
              + "-"
              + spec.agentIndex()
              + "-"
              + laneIndex);
    }
    preflight = new Preflight(context, requests, modelNames);
    users = new ClosedLoopUsers(this, vertx, schedule, requests, plan.load().thinkTime());
    arrivals = new OpenLoopArrivals(this, schedule, requests, models, recorder);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return clients == null ? Future.succeededFuture() : clients.close();
  }

  /**
   * Sends every model one request, in turn, that must pass {@code checks}; fails with a message
   * naming the first model that did not (its error class and detail, or its token count).
   */
  public Future<Void> validate(Warmup.Validation checks) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> preflight.validate(checks, done));
    return onCaller(done.future());
  }

  /** Sends {@code perModel} requests to every model, one at a time, recording nothing kept. */
  public Future<Void> warmup(int perModel) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> preflight.warmup(perModel, done));
    return onCaller(done.future());
  }

  /**
   * The lane completes its futures on its own event loop; the caller (the agent's context) must
   * continue on its own, or its state would be touched from two threads. So every public future
   * completes on the context that asked.
   */
  private static <T> Future<T> onCaller(Future<T> onLane) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return onLane;
    }
    return onLane.transform(
        ar -> {
          Promise<T> back = Promise.promise();
          caller.runOnContext(v -> back.handle(ar));
          return back.future();
        });
  }

  /**
   * Starts firing at {@code startNanos} ({@link System#nanoTime()}), with intervals of {@code
   * intervalNanos} from there for recording; completes when drained.
   */
  public Future<Void> run(long startNanos, long intervalNanos) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          schedule.start(startNanos);
          this.drained = done;
          recorder.intervals(startNanos, intervalNanos);
          cpu.sinceLast(); // counts from here
          LoadShape shape = spec.plan().load().shape();
          if (spec.plan().load().mode() == LoadMode.OPEN) {
            long[] fixed =
                shape instanceof Burst b
                    ? new long[b.requests()]
                    : shape instanceof Trace t ? t.offsetsNanos() : null;
            schedule.arrivals(
                new ArrivalSchedule(
                    schedule.timeline(),
                    spec.plan().load().arrival(),
                    spec.plan().load().burstiness(),
                    spec.plan().dataset().seed(),
                    spec.agentWeights(),
                    spec.agentIndex(),
                    spec.lanes(),
                    laneIndex,
                    fixed,
                    shape instanceof Count c ? c.requests() : -1));
            arrivals.on(context, () -> releaseArrivals(System.nanoTime()));
            arrivals.arm();
          } else if (shape instanceof Count c) {
            schedule.budget(countBudget(c));
          } else if (shape instanceof Scale scale) {
            // probing starts with the run, not before: times to ready count from there
            vertx.setTimer(
                Math.max(1, (startNanos - System.nanoTime()) / 1_000_000),
                id -> {
                  if (!ending) {
                    startProbe(scale);
                  }
                });
          }
          // the first tick at the start, not before it: a tick a fraction of a millisecond early
          // found the run not started, and the lane began a whole tick late
          long untilStartNanos = startNanos - System.nanoTime();
          timer =
              vertx.setPeriodic(
                  Math.max(1, (untilStartNanos + 999_999) / 1_000_000), TICK_MS, id -> tick());
          if (schedule.nothingDealt()) {
            finishFiring(); // nothing was dealt to this lane
          }
        });
    return onCaller(done.future());
  }

  /** Stops firing now: queued arrivals are abandoned, requests in flight finish or time out. */
  public void stopFiring() {
    context.runOnContext(
        v -> {
          arrivals.abandonQueued();
          users.stop();
          finishFiring();
        });
  }

  /** Takes this lane's interval histograms and counters, on its own event loop. */
  public Future<LaneInterval> takeInterval() {
    Promise<LaneInterval> p = Promise.promise();
    context.runOnContext(v -> p.complete(recorder.takeInterval(cpu.sinceLast())));
    return onCaller(p.future());
  }

  public Future<Integer> activeUsers() {
    Promise<Integer> p = Promise.promise();
    context.runOnContext(
        v ->
            p.complete(
                spec.plan().load().mode() == LoadMode.OPEN ? requests.inFlight() : users.active()));
    return onCaller(p.future());
  }

  private void tick() {
    long now = System.nanoTime();
    long lateUs =
        lastTickNanos == 0 ? 0 : Math.max(0, now - lastTickNanos - TICK_MS * 1_000_000) / 1000;
    lastTickNanos = now;
    advance(now);
    // after the catching up: what was due during a stall is in flight now, touched by it; in a
    // closed loop every user is, in flight or held past the end of its think time
    recorder.loopDelay(
        lateUs, spec.plan().load().mode() == LoadMode.OPEN ? requests.inFlight() : users.active());
  }

  private void advance(long now) {
    if (spec.plan().load().mode() == LoadMode.OPEN) {
      releaseArrivals(now); // each arrival's timer releases it: the tick catches up
      return;
    }
    long offset = schedule.offset(now);
    if (offset < 0 || ending) {
      return;
    }
    if (firstFireNanos == 0) {
      firstFireNanos = now;
    }
    if (schedule.over(offset)) {
      finishFiring();
    } else {
      users.want(schedule.usersAt(offset, System.nanoTime()), now);
    }
  }

  /**
   * Sends the arrivals due by {@code now}, then arms the timer for the next: each arrival's own
   * timer releases it, the tick only catches up (arrivals due before the end still arrive, however
   * late).
   */
  private void releaseArrivals(long now) {
    long offset = schedule.offset(now);
    if (offset < 0 || ending) {
      return;
    }
    if (firstFireNanos == 0) {
      firstFireNanos = now;
    }
    arrivals.releaseDue(offset);
    if (schedule.arrivalsOver(offset)) {
      finishFiring(); // every arrival dealt to this lane has arrived, or the run is over
    } else {
      arrivals.arm();
    }
  }

  /** Whether the lane has stopped firing: what is in flight still drains. */
  boolean ending() {
    return ending;
  }

  /**
   * Stops firing, once; completes the run when nothing is in flight or queued any more. Requests
   * still in flight get the plan's {@code gracefulStop}, then are cut and counted as interrupted.
   */
  void finishFiring() {
    if (!ending) {
      ending = true;
      long graceMs = Math.max(1, spec.plan().load().gracefulStop().toMillis());
      graceTimer =
          vertx.setTimer(
              graceMs,
              id -> {
                graceTimer = -1;
                requests.interruptAll();
              });
      if (probe != null) {
        probe.stop();
      }
      users.stop();
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
    checkDrained();
  }

  /** Completes the run if the lane stopped firing and nothing is in flight or queued. */
  void checkDrained() {
    if (ending && requests.inFlight() == 0 && arrivals.noneQueued() && drained != null) {
      if (graceTimer >= 0) {
        vertx.cancelTimer(graceTimer);
        graceTimer = -1;
      }
      drained.tryComplete();
    }
  }

  // ---- a many-model scale study: probe this lane's models until ready, then validate each

  private void startProbe(Scale scale) {
    int[] mine =
        Shares.laneSlice(
                spec.plan().models().size(),
                spec.agentWeights(),
                spec.agentIndex(),
                spec.lanes(),
                laneIndex)
            .indexes();
    probe =
        new ScaleProbe(
            vertx,
            scale,
            spec.plan().models(),
            spec.plan().target().url(),
            mine,
            new ProbeRequests(this, context, requests),
            spec.ready());
    probe.start();
  }

  /** This lane's share of a closed-loop count: see {@link Shares#countShare}. */
  private long countBudget(Count count) {
    return Shares.countShare(
        count.users(),
        count.requests(),
        spec.agentWeights(),
        spec.agentIndex(),
        spec.lanes(),
        laneIndex);
  }

  /**
   * An agent was lost: from {@code atNanos} ({@link System#nanoTime()}) this lane takes its share
   * of the users, or of the arrivals, by the new weights.
   */
  public void reshard(double[] newWeights, long atNanos) {
    context.runOnContext(v -> schedule.reshard(newWeights, atNanos));
  }

  /**
   * The coordinator chose a level for stage {@code index} of an adaptive run (users, agreed across
   * the cluster): it applies from that stage on, or at once if the stage is under way.
   */
  public void setLevel(int index, double level) {
    setLevel(index, level, 0, 0);
  }

  /**
   * As {@link #setLevel(int, double)}, spreading the stage's requests over the first {@code models}
   * of the plan's list in turn (0: the plan's choice over all); with {@code jumpAtNanos} ({@link
   * System#nanoTime()}, nonzero) the run jumps to that stage then.
   */
  public void setLevel(int index, double level, int models, long jumpAtNanos) {
    context.runOnContext(v -> schedule.setLevel(index, level, models, jumpAtNanos));
  }

  /** When this lane first fired ({@link System#nanoTime()}), or 0 before. Any thread. */
  public long firstFireNanos() {
    return firstFireNanos;
  }
}
