package io.broadside.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.broadside.protocol.v1.AgentMessage;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.SnapshotAck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every control message survives the wire: built, written as bytes, read back, the same fields. */
class ControlMessagesTest {
  private static CoordinatorMessage wire(CoordinatorMessage m)
      throws InvalidProtocolBufferException {
    return CoordinatorMessage.parseFrom(m.toByteArray());
  }

  private static AgentMessage wire(AgentMessage m) throws InvalidProtocolBufferException {
    return AgentMessage.parseFrom(m.toByteArray());
  }

  @Test
  void coordinatorMessagesRoundTrip() throws Exception {
    var welcome = wire(ControlMessages.welcome(true, null, 42)).getWelcome();
    assertThat(welcome.getAccepted()).isTrue();
    assertThat(welcome.getEpoch()).isEqualTo(42);
    assertThat(welcome.getReason()).isEmpty();
    assertThat(welcome.getProtocolVersion()).isEqualTo(AgentServiceGrpc.PROTOCOL_VERSION);
    var refused =
        wire(ControlMessages.welcome(false, "version 9 is not supported", 42)).getWelcome();
    assertThat(refused.getAccepted()).isFalse();
    assertThat(refused.getReason()).isEqualTo("version 9 is not supported");
    assertThat(refused.getEpoch()).isZero();

    var prepare =
        wire(ControlMessages.prepare("r1", "name: p", 1, 500, "/plans", List.of(2, 1), List.of()))
            .getPrepare();
    assertThat(prepare.getRunId()).isEqualTo("r1");
    assertThat(prepare.getPlanText()).isEqualTo("name: p");
    assertThat(prepare.getAgentIndex()).isOne();
    assertThat(prepare.getSnapshotIntervalMs()).isEqualTo(500);
    assertThat(prepare.getPlanBaseDir()).isEqualTo("/plans");
    assertThat(prepare.getWeightsList()).containsExactly(2.0, 1.0);
    assertThat(
            wire(ControlMessages.prepare("r1", "", 0, 1000, null, List.of(), List.of()))
                .getPrepare()
                .getPlanBaseDir())
        .isEmpty();

    var start = wire(ControlMessages.startAt("r1", 1_700_000_000_123_456L)).getStartAt();
    assertThat(start.getRunId()).isEqualTo("r1");
    assertThat(start.getStartUs()).isEqualTo(1_700_000_000_123_456L);

    var stop = wire(ControlMessages.stop("r1", "stopped by request")).getStop();
    assertThat(stop.getReason()).isEqualTo("stopped by request");

    var reshard = wire(ControlMessages.reshard("r1", List.of(0.0, 3.0), 77)).getReshard();
    assertThat(reshard.getWeightsList()).containsExactly(0.0, 3.0);
    assertThat(reshard.getFromUs()).isEqualTo(77);

    var level = wire(ControlMessages.setLevel("r1", 4, 12, 3, 99)).getSetLevel();
    assertThat(level.getStageIndex()).isEqualTo(4);
    assertThat(level.getUsers()).isEqualTo(12);
    assertThat(level.getModels()).isEqualTo(3);
    assertThat(level.getJumpAtUs()).isEqualTo(99);

    assertThat(wire(ControlMessages.ping(5)).getPing().getCoordinatorUs()).isEqualTo(5);

    SnapshotAck ack = SnapshotAck.parseFrom(ControlMessages.ack("r1", 7, 9).toByteArray());
    assertThat(ack.getRunId()).isEqualTo("r1");
    assertThat(ack.getEpoch()).isEqualTo(7);
    assertThat(ack.getSequence()).isEqualTo(9);
  }

  @Test
  void agentMessagesRoundTrip() throws Exception {
    var hello = wire(ControlMessages.hello(ControlMessages.helloOf("a1", "h", 8, 500))).getHello();
    assertThat(hello.getAgentId()).isEqualTo("a1");
    assertThat(hello.getHost()).isEqualTo("h");
    assertThat(hello.getCores()).isEqualTo(8);
    assertThat(hello.getMaxUsers()).isEqualTo(500);
    assertThat(hello.getProtocolVersion()).isEqualTo(AgentServiceGrpc.PROTOCOL_VERSION);

    var ready = wire(ControlMessages.ready("r1", false, "no such dataset")).getReady();
    assertThat(ready.getOk()).isFalse();
    assertThat(ready.getError()).isEqualTo("no such dataset");

    var ended = wire(ControlMessages.runEnded("r1", 12, null, 34)).getRunEnded();
    assertThat(ended.getLastSequence()).isEqualTo(12);
    assertThat(ended.getFailed()).isFalse();
    assertThat(ended.getError()).isEmpty();
    assertThat(ended.getStartedUs()).isEqualTo(34);
    var failed = wire(ControlMessages.runEnded("r1", 3, "boom", 0)).getRunEnded();
    assertThat(failed.getFailed()).isTrue();
    assertThat(failed.getError()).isEqualTo("boom");

    var model = wire(ControlMessages.modelReady("r1", "granite-7", 88)).getModelReady();
    assertThat(model.getModel()).isEqualTo("granite-7");
    assertThat(model.getReadyUs()).isEqualTo(88);

    var pong = wire(ControlMessages.pong(5, 6)).getPong();
    assertThat(pong.getCoordinatorUs()).isEqualTo(5);
    assertThat(pong.getAgentUs()).isEqualTo(6);

    var beat = wire(ControlMessages.heartbeat(10, "")).getHeartbeat();
    assertThat(beat.getSentUs()).isEqualTo(10);
    assertThat(beat.getRunId()).isEmpty();
  }
}
