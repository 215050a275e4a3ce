package io.broadside.agent.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.agent.load.LaneSchedule.Admission;
import io.broadside.common.plan.Arrival;
import io.broadside.common.plan.Overflow;
import io.broadside.common.plan.Stage;
import io.broadside.common.unit.Rate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lane's decisions in virtual time: the tests give every time in milliseconds of a clock of their
 * own, as a tick of the lane would ask at that time.
 */
class LaneScheduleTest {
  private static final long MS = 1_000_000L;

  /** The run starts at 5 s of the virtual clock. */
  private static final long START_MS = 5_000;

  private static long at(long ms) {
    return ms * MS;
  }

  private static StageTimeline closed() {
    return new StageTimeline(
        List.of(
            new Stage("warm", Duration.ofSeconds(1), 4, null, null),
            new Stage("ramp", Duration.ofSeconds(2), 20, null, Duration.ofSeconds(1)),
            new Stage("hold", Duration.ofSeconds(1), null, null, null)));
  }

  private static StageTimeline open(double perSecond, long seconds) {
    return new StageTimeline(
        List.of(new Stage("only", Duration.ofSeconds(seconds), null, new Rate(perSecond), null)));
  }

  private static LaneSchedule schedule(
      StageTimeline timeline, double[] weights, int agent, int lanes, int lane, int cap) {
    LaneSchedule s = new LaneSchedule(timeline, weights, agent, lanes, lane, cap, Overflow.QUEUE);
    s.start(at(START_MS));
    return s;
  }

  private static void constantArrivals(LaneSchedule s, double[] weights, int agent, int lanes) {
    s.arrivals(
        new ArrivalSchedule(s.timeline(), Arrival.CONSTANT, 1, 42, weights, agent, lanes, 0));
  }

  /** What a tick at {@code nowMs} sends: the intended times, in ms of the virtual clock. */
  private static List<Long> tick(LaneSchedule s, long nowMs) {
    long offset = s.offset(at(nowMs));
    List<Long> sent = new ArrayList<>();
    while (s.arrivalDue(offset)) {
      sent.add(s.dueArrival() / MS);
      s.arrived();
    }
    return sent;
  }

  @Test
  void arrivalsAreDueAtTheirIntendedTimesAndLateTicksCatchUp() {
    LaneSchedule s = schedule(open(10, 1), new double[] {1}, 0, 1, 0, 0);
    constantArrivals(s, new double[] {1}, 0, 1);
    assertThat(s.nothingDealt()).isFalse();
    assertThat(tick(s, 4_990)).isEmpty(); // before the start
    assertThat(tick(s, 5_000)).containsExactly(5_000L);
    assertThat(tick(s, 5_099)).isEmpty();
    assertThat(tick(s, 5_100)).containsExactly(5_100L);
    // a tick 250 ms late sends every arrival due by then, at its own intended time
    assertThat(tick(s, 5_350)).containsExactly(5_200L, 5_300L);
    assertThat(s.arrivalsOver(s.offset(at(5_350)))).isFalse();
    // a tick after the end still sends the arrivals due before it
    assertThat(tick(s, 7_000)).containsExactly(5_400L, 5_500L, 5_600L, 5_700L, 5_800L, 5_900L);
    assertThat(s.arrivalsOver(s.offset(at(7_000)))).isTrue();
  }

  @Test
  void arrivalsAtOrAfterTheEndNeverArrive() {
    // a trace whose last offset lies past the end of the run
    StageTimeline timeline = open(1, 1);
    LaneSchedule s = schedule(timeline, new double[] {1}, 0, 1, 0, 0);
    s.arrivals(
        new ArrivalSchedule(
            timeline,
            Arrival.CONSTANT,
            1,
            42,
            new double[] {1},
            0,
            1,
            0,
            new long[] {at(100), at(1_000), at(1_500)},
            -1));
    assertThat(tick(s, 5_999)).containsExactly(5_100L);
    assertThat(s.arrivalsOver(s.offset(at(5_999)))).isFalse();
    assertThat(tick(s, 6_000)).isEmpty();
    assertThat(s.arrivalsOver(s.offset(at(6_000)))).isTrue();
  }

  @Test
  void aLaneWithNoArrivalDealtIsDoneAtOnce() {
    // two agents, one arrival in all: agent 1 gets none
    StageTimeline timeline = open(1, 1);
    LaneSchedule s = schedule(timeline, new double[] {1, 1}, 1, 1, 0, 0);
    s.arrivals(
        new ArrivalSchedule(
            timeline, Arrival.CONSTANT, 1, 42, new double[] {1, 1}, 1, 1, 0, new long[1], -1));
    assertThat(s.nothingDealt()).isTrue();
    assertThat(s.arrivalsOver(s.offset(at(5_000)))).isTrue();
  }

  @Test
  void aReshardDealsTheArrivalsFromItsTimeOn() {
    double[] two = {1, 1};
    LaneSchedule kept = schedule(open(10, 2), two, 0, 1, 0, 0);
    LaneSchedule lost = schedule(open(10, 2), two, 1, 1, 0, 0);
    constantArrivals(kept, two, 0, 1);
    constantArrivals(lost, two, 1, 1);
    // agent 1 is lost from 6 s of the virtual clock: 1 s into the run
    kept.reshard(new double[] {1, 0}, at(6_000));
    lost.reshard(new double[] {1, 0}, at(6_000));
    List<Long> keptSent = tick(kept, 7_000);
    List<Long> lostSent = tick(lost, 7_000);
    assertThat(lostSent).allMatch(t -> t < 6_000).hasSize(5);
    assertThat(keptSent.stream().filter(t -> t < 6_000)).hasSize(5);
    assertThat(keptSent.stream().filter(t -> t >= 6_000)).hasSize(10);
  }

  @Test
  void stagesChangeAtTheirOffsetsFromTheStart() {
    LaneSchedule s = schedule(closed(), new double[] {1}, 0, 1, 0, 0);
    assertThat(s.stageAt(at(4_999))).isEqualTo(-1);
    assertThat(s.stageAt(at(5_000))).isZero();
    assertThat(s.stageAt(at(5_999))).isZero();
    assertThat(s.stageAt(at(6_000))).isEqualTo(1);
    assertThat(s.stageAt(at(8_000))).isEqualTo(2);
    assertThat(s.stageAt(at(9_000))).isEqualTo(-1);
    // an open-loop arrival past the end (queued, sent late) counts in the last stage
    assertThat(s.stageOf(at(9_500))).isEqualTo(2);
    assertThat(s.stageOf(at(6_500))).isEqualTo(1);
    assertThat(s.over(s.offset(at(8_999)))).isFalse();
    assertThat(s.over(s.offset(at(9_000)))).isTrue();
  }

  @Test
  void usersFollowTheLevelAndTheLanesShareOfIt() {
    double[] weights = {1, 1};
    // 2 agents of 2 lanes: 4 users are 1 per lane, 20 are 5 per lane
    LaneSchedule s = schedule(closed(), weights, 1, 2, 1, 0);
    assertThat(s.usersAt(s.offset(at(5_000)), at(5_000))).isEqualTo(1);
    // half way up the ramp from 4 to 20: 12 users, 6 per agent, 3 per lane
    assertThat(s.usersAt(s.offset(at(6_500)), at(6_500))).isEqualTo(3);
    assertThat(s.usersAt(s.offset(at(7_000)), at(7_000))).isEqualTo(5);
    // the hold stage keeps the level before it
    assertThat(s.usersAt(s.offset(at(8_500)), at(8_500))).isEqualTo(5);
    assertThat(s.usersAt(s.offset(at(9_000)), at(9_000))).isZero();
    // 7 users over 3 lanes of one agent: 3, 2, 2
    StageTimeline seven =
        new StageTimeline(List.of(new Stage("s", Duration.ofSeconds(1), 7, null, null)));
    int[] lanes = new int[3];
    for (int lane = 0; lane < 3; lane++) {
      LaneSchedule l = schedule(seven.copy(), new double[] {1}, 0, 3, lane, 0);
      lanes[lane] = l.usersAt(0, at(5_000));
    }
    assertThat(lanes).containsExactly(3, 2, 2);
  }

  @Test
  void aReshardTakesEffectAtItsTimeNotBefore() {
    LaneSchedule s = schedule(closed(), new double[] {1, 1}, 0, 1, 0, 0);
    long offset = s.offset(at(7_500)); // 20 users
    assertThat(s.usersAt(offset, at(7_500))).isEqualTo(10);
    s.reshard(new double[] {1, 0}, at(7_600));
    assertThat(s.usersAt(offset, at(7_599))).isEqualTo(10);
    assertThat(s.usersAt(offset, at(7_600))).isEqualTo(20);
    // once taken, the new weights stay
    assertThat(s.usersAt(offset, at(7_599))).isEqualTo(20);
  }

  @Test
  void theReshardedWeightsAreTheLanesOwnCopy() {
    LaneSchedule s = schedule(closed(), new double[] {1, 1}, 0, 1, 0, 0);
    double[] weights = {1, 0};
    s.reshard(weights, at(5_000));
    weights[0] = 0;
    weights[1] = 1;
    assertThat(s.usersAt(0, at(5_000))).isEqualTo(4);
  }

  @Test
  void aLevelSetByTheCoordinatorAppliesFromItsStageOn() {
    LaneSchedule s = schedule(closed(), new double[] {1}, 0, 1, 0, 0);
    s.setLevel(2, 30, 2, 0);
    assertThat(s.usersAt(s.offset(at(7_500)), at(7_500))).isEqualTo(20);
    assertThat(s.usersAt(s.offset(at(8_500)), at(8_500))).isEqualTo(30);
    assertThat(s.timeline().models(2)).isEqualTo(2);
    assertThat(s.timeline().models(1)).isZero();
  }

  @Test
  void aLevelWithAJumpMovesTheRunToItsStageThen() {
    LaneSchedule s = schedule(closed(), new double[] {1}, 0, 1, 0, 0);
    // at 5.5 s of the virtual clock, the run jumps to the hold stage's start with 8 users
    s.setLevel(2, 8, 0, at(5_500));
    assertThat(s.stageAt(at(5_499))).isZero();
    assertThat(s.stageAt(at(5_500))).isEqualTo(2);
    assertThat(s.usersAt(s.offset(at(5_500)), at(5_500))).isEqualTo(8);
    // the run is shorter: the hold stage's second from the jump on
    assertThat(s.over(s.offset(at(6_499)))).isFalse();
    assertThat(s.over(s.offset(at(6_500)))).isTrue();
  }

  @Test
  void aLevelSetBeforeTheRunCountsFromTheRunsStart() {
    StageTimeline timeline = closed();
    LaneSchedule s = new LaneSchedule(timeline, new double[] {1}, 0, 1, 0, 0, Overflow.QUEUE);
    s.setLevel(1, 40, 0, 0);
    s.start(at(START_MS));
    assertThat(s.usersAt(s.offset(at(7_000)), at(7_000))).isEqualTo(40);
  }

  @Test
  void overTheCapArrivalsQueueOrDropAsThePlanSays() {
    // a cap of 5 over 2 agents of 2 lanes: agent 0 has 3, its lanes 2 and 1
    double[] weights = {1, 1};
    LaneSchedule first = new LaneSchedule(open(1, 1), weights, 0, 2, 0, 5, Overflow.QUEUE);
    LaneSchedule second = new LaneSchedule(open(1, 1), weights, 0, 2, 1, 5, Overflow.DROP);
    assertThat(first.cap()).isEqualTo(2);
    assertThat(second.cap()).isEqualTo(1);
    assertThat(first.admit(0)).isEqualTo(Admission.SEND);
    assertThat(first.admit(1)).isEqualTo(Admission.SEND);
    assertThat(first.admit(2)).isEqualTo(Admission.QUEUE);
    assertThat(second.admit(0)).isEqualTo(Admission.SEND);
    assertThat(second.admit(1)).isEqualTo(Admission.DROP);
    // no cap: every arrival is sent
    LaneSchedule free = new LaneSchedule(open(1, 1), weights, 0, 2, 0, 0, Overflow.DROP);
    assertThat(free.cap()).isEqualTo(Integer.MAX_VALUE);
    assertThat(free.admit(1_000_000)).isEqualTo(Admission.SEND);
  }

  @Test
  void aCountsBudgetIsSpentOneRequestAtATime() {
    LaneSchedule s = schedule(closed(), new double[] {1}, 0, 1, 0, 0);
    assertThat(s.budgetSpent()).isFalse();
    s.spend();
    assertThat(s.budgetSpent()).isFalse(); // without a count, never spent
    s.budget(2);
    assertThat(s.nothingDealt()).isFalse();
    s.spend();
    assertThat(s.budgetSpent()).isFalse();
    s.spend();
    assertThat(s.budgetSpent()).isTrue();
    s.spend();
    assertThat(s.budgetSpent()).isTrue();
    s.budget(0);
    assertThat(s.nothingDealt()).isTrue();
  }
}
