package io.broadside.agent.load;

import io.broadside.agent.client.ExchangeListener;
import io.broadside.agent.client.ModelClients;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.dataset.ModelPicker;
import io.broadside.agent.dataset.Prompt;
import io.broadside.agent.dataset.PromptSource;
import io.broadside.agent.record.ColdStarts;
import io.broadside.agent.record.LaneInterval;
import io.broadside.agent.record.LaneRecorder;
import io.broadside.agent.record.RequestRecording;
import io.broadside.common.metric.Counter;
import io.broadside.common.plan.Burst;
import io.broadside.common.plan.Count;
import io.broadside.common.plan.LoadMode;
import io.broadside.common.plan.LoadShape;
import io.broadside.common.plan.Model;
import io.broadside.common.plan.Overflow;
import io.broadside.common.plan.Plan;
import io.broadside.common.plan.Stage;
import io.broadside.common.plan.Trace;
import io.broadside.common.plan.Warmup;
import io.broadside.common.shard.Shares;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;

/**
 * One event loop's share of a run: its virtual users (closed) or its slice of the arrival schedule
 * (open), its target clients and its recorder. Everything here runs on this verticle's context; the
 * public methods hop onto it, so they may be called from any thread.
 */
public final class Lane extends VerticleBase {
  private static final long TICK_MS = 10;

  private final LaneSpec spec;
  private final int laneIndex;

  /** This lane's own timeline: an adaptive run sets its levels as it goes. */
  private final StageTimeline timeline;

  private ModelClients clients;
  private LaneRecorder recorder;
  private LaneRecorder warmupRecorder;
  private RequestRecording.Rules rules;
  private Random random;
  private PromptSource.Cursor cursor;
  private ModelPicker picker;
  private List<String> modelNames;

  private long startNanos;
  private long timer = -1;
  private boolean ending;
  private int inFlight;
  private int cap;
  private ArrivalSchedule schedule;
  private long nextArrival = -1;
  private final ArrayDeque<Long> queue = new ArrayDeque<>();
  private int activeUsers;
  private int wantedUsers;
  private Promise<Void> drained;
  private volatile long firstFireNanos;
  private long lastTickNanos;
  private double[] weights;
  private double[] nextWeights;
  private long reshardAtNanos = Long.MAX_VALUE;

  /** Closed loop with a request count: what this lane may still send; -1 without a count. */
  private long budget = -1;

  /** Per stage: the one model it sends to, or -1 for the plan's model choice. */
  private int[] stageModel;

  /** Multi-model rounds: the concurrent round deals requests to the models in turn. */
  private boolean rotate;

  private long rotation;

  /** A many-model scale study: this lane's share of the models, probed until ready. */
  private ScaleProbe probe;

  public Lane(LaneSpec spec, int laneIndex) {
    this.spec = spec;
    this.laneIndex = laneIndex;
    this.timeline = spec.timeline().copy();
  }

  @Override
  public Future<?> start() {
    Plan plan = spec.plan();
    modelNames = plan.models().stream().map(Model::name).toList();
    List<String> stageNames = timeline.stages().stream().map(Stage::name).toList();
    recorder = new LaneRecorder(stageNames, modelNames);
    if (plan.requestLog()) {
      recorder.logRequests();
    }
    warmupRecorder = new LaneRecorder(List.of("warmup"), modelNames);
    long seed = plan.dataset().seed() * 31 + spec.agentIndex() * 1009L + laneIndex;
    random = new Random(seed);
    // each lane starts at its own place in the prompts, and in the images of a KServe tensor
    int offset = spec.agentIndex() * 7919 + laneIndex * 104729;
    cursor = spec.prompts().cursor(seed, offset);
    picker = new ModelPicker(plan.models(), plan.modelChoice());
    List<Stage> timelineStages = timeline.stages();
    stageModel = new int[timelineStages.size()];
    for (int i = 0; i < stageModel.length; i++) {
      String only = timelineStages.get(i).model();
      stageModel[i] = only == null ? -1 : modelNames.indexOf(only);
    }
    rotate = plan.load().shape() instanceof io.broadside.common.plan.Rounds;
    if (plan.load().shape() instanceof io.broadside.common.plan.Capacity capacity) {
      // a capacity search starts with the first model alone, until the coordinator adds the next
      timeline.setLevel(0, capacity.users(), 1);
    }
    weights = spec.agentWeights();
    cap =
        plan.load().maxConcurrency() > 0
            ? Shares.laneShare(
                plan.load().maxConcurrency(), weights, spec.agentIndex(), spec.lanes(), laneIndex)
            : Integer.MAX_VALUE;
    clients = ModelClients.create(vertx, spec.target(), plan.models(), spec.sourceHost(), offset);
    long coldAbove =
        plan.target().sagemaker() != null && plan.target().sagemaker().coldStartAbove() != null
            ? plan.target().sagemaker().coldStartAbove().toNanos()
            : Long.MAX_VALUE;
    rules =
        new RequestRecording.Rules(
            plan.slo(),
            plan.target().protocol().generative(),
            new ColdStarts(modelNames.size(), coldAbove));
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
    context.runOnContext(v -> validateNext(0, checks, done));
    return onCaller(done.future());
  }

  private void validateNext(int model, Warmup.Validation checks, Promise<Void> done) {
    if (model == modelNames.size()) {
      done.complete();
      return;
    }
    String name = modelNames.get(model);
    Prompt p = cursor.next();
    clients
        .of(model)
        .send(
            request(model, p),
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
                    usage != null && usage.completionTokens() >= 0
                        ? usage.completionTokens()
                        : tokens;
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
  public Future<Void> warmup(int perModel) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> warmupNext(0, 0, perModel, done));
    return onCaller(done.future());
  }

  /**
   * The lane completes its futures on its own event loop; the caller (the agent's context) must
   * continue on its own, or its state would be touched from two threads. So every public future
   * completes on the context that asked.
   */
  private static <T> Future<T> onCaller(Future<T> onLane) {
    io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
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

  private void warmupNext(int model, int sent, int perModel, Promise<Void> done) {
    if (sent == perModel) {
      if (model + 1 == modelNames.size()) {
        done.complete();
      } else {
        warmupNext(model + 1, 0, perModel, done);
      }
      return;
    }
    Prompt p = cursor.next();
    clients
        .of(model)
        .send(
            request(model, p),
            new RequestRecording(
                warmupRecorder,
                0,
                model,
                System.nanoTime(),
                rules,
                p.promptTokens(),
                () -> context.runOnContext(v -> warmupNext(model, sent + 1, perModel, done))));
  }

  /**
   * Starts firing at {@code startNanos} ({@link System#nanoTime()}), with intervals of {@code
   * intervalNanos} from there for recording; completes when drained.
   */
  public Future<Void> run(long startNanos, long intervalNanos) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          this.startNanos = startNanos;
          this.drained = done;
          recorder.intervals(startNanos, intervalNanos);
          LoadShape shape = spec.plan().load().shape();
          if (spec.plan().load().mode() == LoadMode.OPEN) {
            long[] fixed =
                shape instanceof Burst b
                    ? new long[b.requests()]
                    : shape instanceof Trace t ? t.offsetsNanos() : null;
            schedule =
                new ArrivalSchedule(
                    timeline,
                    spec.plan().load().arrival(),
                    spec.plan().load().burstiness(),
                    spec.plan().dataset().seed(),
                    spec.agentWeights(),
                    spec.agentIndex(),
                    spec.lanes(),
                    laneIndex,
                    fixed,
                    shape instanceof Count c ? c.requests() : -1);
            nextArrival = schedule.next();
          } else if (shape instanceof Count c) {
            budget = countBudget(c);
          } else if (shape instanceof io.broadside.common.plan.Scale scale) {
            // probing starts with the run, not before: times to ready count from there
            vertx.setTimer(
                Math.max(1, (startNanos - System.nanoTime()) / 1_000_000),
                id -> {
                  if (!ending) {
                    startProbe(scale);
                  }
                });
          }
          timer =
              vertx.setPeriodic(
                  Math.max(1, (startNanos - System.nanoTime()) / 1_000_000), TICK_MS, id -> tick());
          if (budget == 0 || (schedule != null && nextArrival < 0)) {
            finishFiring(); // nothing was dealt to this lane
          }
        });
    return onCaller(done.future());
  }

  /** Stops firing now: queued arrivals are abandoned, requests in flight finish or time out. */
  public void stopFiring() {
    context.runOnContext(
        v -> {
          queue.clear();
          wantedUsers = 0;
          finishFiring();
        });
  }

  /** Takes this lane's interval histograms and counters, on its own event loop. */
  public Future<LaneInterval> takeInterval() {
    Promise<LaneInterval> p = Promise.promise();
    context.runOnContext(v -> p.complete(recorder.takeInterval()));
    return onCaller(p.future());
  }

  public Future<Integer> activeUsers() {
    Promise<Integer> p = Promise.promise();
    context.runOnContext(
        v -> p.complete(spec.plan().load().mode() == LoadMode.OPEN ? inFlight : activeUsers));
    return onCaller(p.future());
  }

  private void tick() {
    long now = System.nanoTime();
    if (lastTickNanos != 0) {
      recorder.loopDelay(Math.max(0, now - lastTickNanos - TICK_MS * 1_000_000) / 1000);
    }
    lastTickNanos = now;
    long offset = now - startNanos;
    if (offset < 0 || ending) {
      return;
    }
    if (firstFireNanos == 0) {
      firstFireNanos = now;
    }
    if (spec.plan().load().mode() == LoadMode.OPEN) {
      // arrivals due before the end still arrive, however late this tick is
      while (nextArrival >= 0 && nextArrival <= offset && nextArrival < timeline.totalNanos()) {
        arrive(startNanos + nextArrival);
        nextArrival = schedule.next();
      }
      if (nextArrival < 0 || offset >= timeline.totalNanos()) {
        finishFiring(); // every arrival dealt to this lane has arrived, or the run is over
      }
    } else if (offset >= timeline.totalNanos()) {
      finishFiring();
    } else {
      wantedUsers = laneUsers(timeline.levelAt(offset));
      while (activeUsers < wantedUsers) {
        activeUsers++;
        userNext(now);
      }
    }
  }

  private void finishFiring() {
    if (!ending) {
      ending = true;
      if (probe != null) {
        probe.stop();
      }
      wantedUsers = 0;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
    checkDrained();
  }

  private void checkDrained() {
    if (ending && inFlight == 0 && queue.isEmpty() && drained != null) {
      drained.tryComplete();
    }
  }

  // ---- closed loop: each user sends, waits for its response, optionally thinks, repeats

  private void userNext(long intended) {
    int stage = timeline.stageAt(intended - startNanos);
    if (budget == 0) {
      finishFiring(); // this lane's share of the count is sent
    }
    if (ending || stage < 0 || activeUsers > wantedUsers) {
      activeUsers--;
      checkDrained();
      return;
    }
    if (budget > 0) {
      budget--;
    }
    fire(stage, intended, this::userDone);
  }

  private void userDone() {
    long think = spec.plan().load().thinkTime().toNanos();
    if (think <= 0) {
      userNext(System.nanoTime());
    } else {
      long intended = System.nanoTime() + think;
      vertx.setTimer(Math.max(1, think / 1_000_000), id -> userNext(intended));
    }
  }

  // ---- open loop: arrivals at their intended times; over the cap they queue or are dropped

  private void arrive(long intended) {
    if (inFlight < cap) {
      fire(stageOf(intended), intended, this::slotFreed);
    } else if (spec.plan().load().overflow() == Overflow.QUEUE) {
      queue.addLast(intended);
    } else {
      int cell = recorder.cell(stageOf(intended), picker.pick(random));
      recorder.count(cell, Counter.DROPPED, 1);
    }
  }

  private void slotFreed() {
    Long intended = queue.pollFirst();
    if (intended != null) {
      fire(stageOf(intended), intended, this::slotFreed);
    } else {
      checkDrained();
    }
  }

  private int stageOf(long intended) {
    int stage = timeline.stageAt(intended - startNanos);
    return stage < 0 ? timeline.stages().size() - 1 : stage;
  }

  // ---- a many-model scale study: probe this lane's models until ready, then validate each

  private void startProbe(io.broadside.common.plan.Scale scale) {
    int[] mine =
        Shares.laneSlice(
                modelNames.size(), spec.agentWeights(), spec.agentIndex(), spec.lanes(), laneIndex)
            .indexes();
    probe =
        new ScaleProbe(
            vertx,
            scale,
            spec.plan().models(),
            spec.plan().target().url(),
            mine,
            new ScaleProbe.Lane() {
              @Override
              public void validation(int model, Runnable done) {
                fireTo(
                    0,
                    model,
                    System.nanoTime(),
                    () -> {
                      done.run();
                      checkDrained();
                    });
              }

              @Override
              public void inference(int model, java.util.function.Consumer<Boolean> ok) {
                inFlight++;
                clients
                    .of(model)
                    .send(
                        request(model, cursor.next()),
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
                                  inFlight--;
                                  ok.accept(ready);
                                  checkDrained();
                                });
                          }
                        });
              }

              @Override
              public void began() {
                inFlight++;
              }

              @Override
              public void ended() {
                inFlight--;
                checkDrained();
              }

              @Override
              public void finished() {
                finishFiring();
              }
            },
            spec.ready());
    probe.start();
  }

  // ---- one request

  private void fire(int stage, long intended, Runnable next) {
    int spread = timeline.models(stage);
    int model =
        stageModel[stage] >= 0
            ? stageModel[stage]
            : spread > 0
                ? (int) (rotation++ % spread)
                : rotate ? (int) (rotation++ % modelNames.size()) : picker.pick(random);
    fireTo(stage, model, intended, next);
  }

  private void fireTo(int stage, int model, long intended, Runnable next) {
    Prompt prompt = cursor.next();
    int cell = recorder.cell(stage, model);
    inFlight++;
    clients
        .of(model)
        .send(
            request(model, prompt),
            new RequestRecording(
                recorder,
                cell,
                model,
                intended,
                rules,
                prompt.promptTokens(),
                () -> {
                  inFlight--;
                  next.run();
                }));
  }

  private TargetRequest request(int model, Prompt p) {
    int maxTokens = p.maxTokens() != null ? p.maxTokens() : spec.plan().maxTokens();
    return new TargetRequest(
        modelNames.get(model), p.text(), p.messages(), maxTokens, p.promptTokens());
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

  private int laneUsers(double level) {
    if (nextWeights != null && System.nanoTime() >= reshardAtNanos) {
      weights = nextWeights;
      nextWeights = null;
    }
    return Shares.laneShare(
        (int) Math.round(level), weights, spec.agentIndex(), spec.lanes(), laneIndex);
  }

  /**
   * An agent was lost: from {@code atNanos} ({@link System#nanoTime()}) this lane takes its share
   * of the users, or of the arrivals, by the new weights.
   */
  public void reshard(double[] newWeights, long atNanos) {
    context.runOnContext(
        v -> {
          nextWeights = newWeights.clone();
          reshardAtNanos = atNanos;
          if (schedule != null) {
            schedule.reshard(newWeights, atNanos - startNanos);
          }
        });
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
    context.runOnContext(
        v -> {
          timeline.setLevel(index, level, models);
          if (jumpAtNanos != 0) {
            timeline.jump(index, jumpAtNanos - startNanos);
          }
        });
  }

  /** When this lane first fired ({@link System#nanoTime()}), or 0 before. Any thread. */
  public long firstFireNanos() {
    return firstFireNanos;
  }
}
