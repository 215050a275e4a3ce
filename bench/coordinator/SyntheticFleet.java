import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.time.MonoClock;
import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.ControlMessages;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.AgentMessage;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.SeriesInterval;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.SnapshotAck;
import io.broadside.protocol.v1.StageWindow;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A synthetic fleet for bench/coordinator-merge.sh: many agents in one process, each with its own
 * connection and the real control and snapshot streams. Each says hello, answers pings, reports
 * ready on Prepare and, from StartAt on, sends one snapshot per second (spread over the second
 * across agents) holding every latency metric of every model for the stage under way, with real
 * HdrHistograms (encoded once at start: the fleet's own CPU stays small), counters and windows.
 * After the plan's length it sends its final snapshot and RunEnded, as an agent does.
 *
 * <p>Run: java -cp cli/target/broadside.jar bench/coordinator/SyntheticFleet.java HOST:PORT AGENTS
 * STAGES MODELS STAGE_SECONDS. Prints one JSON line at the end: snapshots sent and acknowledged,
 * and the acknowledgement delay (a snapshot's send to its ack, after the coordinator merged it).
 */
public final class SyntheticFleet {
  static final LatencyMetric[] METRICS = LatencyMetric.values();

  public static void main(String[] args) throws Exception {
    String[] hostPort = args[0].split(":");
    SocketAddress address =
        SocketAddress.inetSocketAddress(Integer.parseInt(hostPort[1]), hostPort[0]);
    int agents = Integer.parseInt(args[1]);
    int stages = Integer.parseInt(args[2]);
    int models = Integer.parseInt(args[3]);
    long stageUs = Long.parseLong(args[4]) * 1_000_000L;

    // one encoded interval per (stage, model, metric), shared by every agent
    Random random = new Random(1);
    List<List<SeriesInterval>> byStage = new ArrayList<>();
    for (int s = 0; s < stages; s++) {
      List<SeriesInterval> series = new ArrayList<>();
      for (int m = 0; m < models; m++) {
        for (LatencyMetric metric : METRICS) {
          series.add(interval("s" + s, "m" + m, metric, random));
        }
      }
      byStage.add(series);
    }

    Vertx vertx = Vertx.vertx();
    Histogram ackUs = new Histogram(Histograms.LOWEST_US, Histograms.HIGHEST_US, 3);
    AtomicLong sent = new AtomicLong();
    AtomicLong acked = new AtomicLong();
    CountDownLatch ended = new CountDownLatch(agents);
    for (int i = 0; i < agents; i++) {
      new FakeAgent(vertx, address, String.format("synthetic-%04d", i), i, agents, byStage, stageUs)
          .start(sent, acked, ackUs, ended);
    }
    System.err.println("fleet: " + agents + " agents connecting to " + args[0]);
    boolean done = ended.await(stages * stageUs / 1_000_000 + 600, TimeUnit.SECONDS);
    synchronized (ackUs) {
      System.out.printf(
          "{\"agents\": %d, \"seriesPerSnapshot\": %d, \"sent\": %d, \"acked\": %d, \"ended\": %b,"
              + " \"ackP50Ms\": %.3f, \"ackP99Ms\": %.3f, \"ackMaxMs\": %.3f}%n",
          agents,
          models * METRICS.length,
          sent.get(),
          acked.get(),
          done,
          ackUs.getValueAtPercentile(50) / 1e3,
          ackUs.getValueAtPercentile(99) / 1e3,
          ackUs.getMaxValue() / 1e3);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** An interval of one series as an agent would send it: a plausible shape for the metric. */
  static SeriesInterval interval(String stage, String model, LatencyMetric metric, Random random) {
    Histogram h = Histograms.newHistogram();
    double medianUs =
        switch (metric) {
          case E2E, SERVICE -> 2_000_000;
          case TTFT, TTFC -> 150_000;
          case TPOT, ITL -> 20_000;
          case QUEUE -> 200;
          case COLD -> 30_000_000;
        };
    int values = metric == LatencyMetric.ITL ? 5_000 : metric == LatencyMetric.COLD ? 2 : 100;
    long sum = 0;
    long max = 0;
    for (int v = 0; v < values; v++) {
      long us = Math.max(1, (long) (medianUs * Math.exp(0.4 * random.nextGaussian())));
      h.recordValue(us);
      sum += us;
      max = Math.max(max, us);
    }
    return SnapshotCodec.series(stage, model, metric, h, sum, max, 0);
  }

  /** One agent: its own gRPC client (connection), control and snapshot streams. */
  static final class FakeAgent {
    final Vertx vertx;
    final SocketAddress address;
    final String id;
    final int index;
    final int agents;
    final List<List<SeriesInterval>> byStage;
    final long stageUs;
    final GrpcClient grpc;
    GrpcClientRequest<AgentMessage, CoordinatorMessage> control;
    GrpcClientRequest<Snapshot, SnapshotAck> snapshots;
    final java.util.Map<Long, Long> sentAtNanos = new java.util.concurrent.ConcurrentHashMap<>();
    String runId;
    long sequence;

    FakeAgent(
        Vertx vertx,
        SocketAddress address,
        String id,
        int index,
        int agents,
        List<List<SeriesInterval>> byStage,
        long stageUs) {
      this.vertx = vertx;
      this.address = address;
      this.id = id;
      this.index = index;
      this.agents = agents;
      this.byStage = byStage;
      this.stageUs = stageUs;
      this.grpc = GrpcClient.client(vertx);
    }

    void start(AtomicLong sent, AtomicLong acked, Histogram ackUs, CountDownLatch ended) {
      grpc.request(address, AgentServiceGrpc.CONTROL_CLIENT)
          .compose(
              req -> {
                control = req;
                req.response()
                    .onSuccess(resp -> resp.handler(m -> heard(m, sent, ended)))
                    .onFailure(e -> System.err.println(id + ": " + e));
                return req.write(
                    ControlMessages.hello(ControlMessages.helloOf(id, "synthetic", 1, 100_000)));
              })
          .compose(v -> grpc.request(address, AgentServiceGrpc.SNAPSHOTS_CLIENT))
          .onSuccess(
              req -> {
                snapshots = req;
                req.response()
                    .onSuccess(
                        resp ->
                            resp.handler(
                                ack -> {
                                  Long at = sentAtNanos.remove(ack.getSequence());
                                  acked.incrementAndGet();
                                  if (at != null) {
                                    synchronized (ackUs) {
                                      ackUs.recordValue(
                                          Math.max(1, (System.nanoTime() - at) / 1000));
                                    }
                                  }
                                }));
              })
          .onFailure(e -> System.err.println(id + " cannot connect: " + e));
      vertx.setPeriodic(
          1000,
          t -> {
            if (control != null) {
              control.write(ControlMessages.heartbeat(nowUs(), runId == null ? "" : runId));
            }
          });
    }

    void heard(CoordinatorMessage m, AtomicLong sent, CountDownLatch ended) {
      switch (m.getKindCase()) {
        case PING -> control.write(ControlMessages.pong(m.getPing().getCoordinatorUs(), nowUs()));
        case PREPARE -> {
          runId = m.getPrepare().getRunId();
          sequence = 0;
          control.write(ControlMessages.ready(runId, true, ""));
        }
        case START_AT -> {
          long startUs = m.getStartAt().getStartUs();
          long endUs = startUs + stageUs * byStage.size();
          // agent i sends i/agents of a second after each whole second of the run
          long firstUs = startUs + 1_000_000 + 1_000_000L * index / agents;
          scheduleAt(firstUs, () -> tick(startUs, firstUs, endUs, sent, ended));
        }
        default -> {}
      }
    }

    void tick(long startUs, long dueUs, long endUs, AtomicLong sent, CountDownLatch ended) {
      boolean last = dueUs >= endUs;
      long elapsedUs = Math.min(dueUs, endUs) - startUs;
      int stage = (int) Math.min(byStage.size() - 1, Math.max(0, (elapsedUs - 1) / stageUs));
      String stageName = "s" + stage;
      Snapshot.Builder b =
          Snapshot.newBuilder()
              .setRunId(runId)
              .setAgentId(id)
              .setSequence(++sequence)
              .setIntervalStartUs(Math.max(startUs, dueUs - 1_000_000))
              .setIntervalEndUs(Math.min(dueUs, endUs))
              .addAllSeries(byStage.get(stage))
              .setActiveUsers(10)
              .setCpuRatio(0.2)
              .setLoadCpuRatio(0.2)
              .setLoopDelayMaxUs(1_000)
              .setFinal(last);
      for (int m = 0; m < byStage.get(stage).size() / METRICS.length; m++) {
        String model = "m" + m;
        b.addCounters(counter(stageName, model, Counter.OK, 100))
            .addCounters(counter(stageName, model, Counter.OUTPUT_TOKENS, 5_000))
            .addWindows(
                StageWindow.newBuilder()
                    .setStage(stageName)
                    .setModel(model)
                    .setFirstDispatchUs(startUs + (stage * stageUs))
                    .setLastCompletionUs(Math.min(dueUs, endUs)));
      }
      sentAtNanos.put(sequence, System.nanoTime());
      snapshots.write(b.build());
      sent.incrementAndGet();
      if (last) {
        control.write(ControlMessages.runEnded(runId, sequence, null, startUs));
        ended.countDown();
        return;
      }
      long nextUs = Math.min(dueUs + 1_000_000, endUs);
      scheduleAt(nextUs, () -> tick(startUs, nextUs, endUs, sent, ended));
    }

    static CounterDelta counter(String stage, String model, String name, long delta) {
      return CounterDelta.newBuilder()
          .setStage(stage)
          .setModel(model)
          .setName(name)
          .setDelta(delta)
          .build();
    }

    void scheduleAt(long epochUs, Runnable task) {
      long delayMs = Math.max(1, (epochUs - nowUs()) / 1000);
      vertx.setTimer(delayMs, t -> task.run());
    }
  }

  static long nowUs() {
    return MonoClock.nowUs();
  }
}
