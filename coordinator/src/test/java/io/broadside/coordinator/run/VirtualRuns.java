package io.broadside.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.plan.ParseResult;
import io.broadside.common.plan.Plan;
import io.broadside.common.plan.PlanParser;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.protocol.ControlMessages;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.StageWindow;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Runs in virtual time, for unit tests of the orchestration: plans from text, agents whose control
 * streams are lists, and snapshots of the test's making.
 */
public final class VirtualRuns {
  private VirtualRuns() {}

  /** The plan of {@code yaml}, which must be valid. */
  public static Plan plan(String yaml) {
    ParseResult parsed = PlanParser.parse(yaml, null);
    assertThat(parsed.problems()).isEmpty();
    return parsed.plan();
  }

  /** A plan of one model {@code m} whose load is {@code load} (a YAML mapping's lines). */
  public static Plan planWithLoad(String load) {
    return plan("", load);
  }

  /** The same, with {@code top} (lines at the plan's top level) added. */
  public static Plan plan(String top, String load) {
    return plan(
        """
        name: unit
        target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:9, timeout: 2s}
        models: [m]
        dataset: {synthetic: {inputTokens: 8}, seed: 1}
        maxTokens: 8
        """
            + top
            + "load:\n"
            + load.indent(2));
  }

  /** An agent connected now, whose control stream is {@code inbox}. */
  public static AgentSession agent(
      String id, int cores, List<CoordinatorMessage> inbox, long nowUs) {
    return new AgentSession(ControlMessages.helloOf(id, "host-" + id, cores, 0), inbox::add, nowUs);
  }

  /** An agent whose clock is {@code offsetUs} ahead of the coordinator's (a perfect sample). */
  public static void offset(AgentSession agent, long offsetUs, long nowUs) {
    agent.clockSample(nowUs, nowUs + offsetUs, nowUs);
  }

  /** One snapshot builder: an interval of one agent (times in the agent's clock). */
  public static final class Interval {
    private final Snapshot.Builder b = Snapshot.newBuilder();

    public Interval(String runId, String agentId, long seq, long startUs, long endUs) {
      b.setRunId(runId)
          .setAgentId(agentId)
          .setSequence(seq)
          .setIntervalStartUs(startUs)
          .setIntervalEndUs(endUs);
    }

    /** {@code n} requests of {@code stage}, model m, each taking {@code micros} e2e and TTFT. */
    public Interval ok(String stage, int n, long micros) {
      Histogram h = Histograms.newHistogram();
      h.recordValueWithCount(micros, n);
      b.addSeries(SnapshotCodec.series(stage, "m", LatencyMetric.E2E, h, micros * n, micros, 0));
      b.addSeries(SnapshotCodec.series(stage, "m", LatencyMetric.TTFT, h, micros * n, micros, 0));
      return counter(stage, Counter.OK, n);
    }

    public Interval counter(String stage, String name, long delta) {
      b.addCounters(
          CounterDelta.newBuilder().setStage(stage).setModel("m").setName(name).setDelta(delta));
      return this;
    }

    /** The stage's first dispatch and last completion in this interval (agent clock). */
    public Interval window(String stage, long firstDispatchUs, long lastCompletionUs) {
      b.addWindows(
          StageWindow.newBuilder()
              .setStage(stage)
              .setModel("m")
              .setFirstDispatchUs(firstDispatchUs)
              .setLastCompletionUs(lastCompletionUs));
      return this;
    }

    public Interval activeUsers(int users) {
      b.setActiveUsers(users);
      return this;
    }

    public SnapshotCodec.Decoded decoded() {
      return SnapshotCodec.decode(b.build());
    }
  }

  /** The messages of one kind an agent received, in order. */
  public static List<CoordinatorMessage> of(
      List<CoordinatorMessage> inbox, CoordinatorMessage.KindCase kind) {
    List<CoordinatorMessage> out = new ArrayList<>();
    for (CoordinatorMessage m : inbox) {
      if (m.getKindCase() == kind) {
        out.add(m);
      }
    }
    return out;
  }
}
