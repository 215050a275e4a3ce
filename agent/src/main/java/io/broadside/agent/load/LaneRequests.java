package io.broadside.agent.load;

import io.broadside.agent.client.ExchangeListener;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.protocols.ModelClients;
import io.broadside.agent.dataset.Prompt;
import io.broadside.agent.dataset.PromptSource;
import io.broadside.agent.record.LaneRecorder;
import io.broadside.agent.record.RequestRecording;
import io.broadside.common.plan.Sessions;
import io.broadside.common.plan.Slice;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One request of a lane: its model, its prompt, its slice, its client, its recording, and the count
 * of the lane's requests in flight; and the sessions whose turns it sends. Not thread-safe: the
 * lane's context only.
 */
final class LaneRequests {
  private final ModelClients clients;
  private final PromptSource.Cursor cursor;
  private final LaneRecorder recorder;
  private final RequestRecording.Rules rules;
  private final ModelRouter models;
  private final List<String> modelNames;
  private final int maxTokens;
  private int inFlight;
  // the recorded requests in flight, for a graceful stop's end to cut
  private final java.util.Set<RequestRecording> live = new java.util.HashSet<>();

  /** The plan's slices (none: empty), their cumulative weights and their headers. */
  private List<Slice> slices = List.of();

  private double[] sliceCumulative = {};
  private MultiMap[] sliceHeaders = {};
  private Sessions sessions;
  private boolean repliesSetBudget;
  private Random random = new Random(0);
  private String sessionPrefix = "s";
  private long sessionsStarted;

  /**
   * @param maxTokens the plan's, for prompts that give none
   */
  LaneRequests(
      ModelClients clients,
      PromptSource.Cursor cursor,
      LaneRecorder recorder,
      RequestRecording.Rules rules,
      ModelRouter models,
      List<String> modelNames,
      int maxTokens) {
    this.clients = clients;
    this.cursor = cursor;
    this.recorder = recorder;
    this.rules = rules;
    this.models = models;
    this.modelNames = modelNames;
    this.maxTokens = maxTokens;
  }

  /**
   * Draws each request's slice (or each session's) from {@code slices} by weight with {@code
   * random}; the recorder's first parts are the slices, in this order.
   */
  LaneRequests slices(List<Slice> slices, Random random) {
    this.slices = slices;
    this.random = random;
    sliceCumulative = new double[slices.size()];
    sliceHeaders = new MultiMap[slices.size()];
    double total = 0;
    for (int i = 0; i < slices.size(); i++) {
      total += slices.get(i).weight();
      sliceCumulative[i] = total;
      MultiMap h = MultiMap.caseInsensitiveMultiMap();
      slices.get(i).headers().forEach(h::set);
      sliceHeaders[i] = h;
    }
    return this;
  }

  /**
   * Sends sessions of multi-turn conversations; each session is named {@code <prefix>-<n>} in its
   * header, a name unique to the run and the lane.
   */
  LaneRequests sessions(Sessions sessions, boolean repliesSetBudget, String prefix) {
    this.sessions = sessions;
    this.repliesSetBudget = repliesSetBudget;
    this.sessionPrefix = prefix;
    return this;
  }

  /** Whether requests are sessions' turns. */
  boolean inSessions() {
    return sessions != null;
  }

  /** A think time of the plan's sessions, in nanoseconds. */
  long thinkNanos() {
    return sessions.thinkTime().drawNanos(random);
  }

  /** Requests of the lane in flight. */
  int inFlight() {
    return inFlight;
  }

  /** A request (or a probe) outside {@link #fire} began or ended. */
  void began() {
    inFlight++;
  }

  void ended() {
    inFlight--;
  }

  /**
   * Sends a recorded request of {@code stage} to the model the stage picks; then tells {@code
   * next}.
   */
  void fire(int stage, long intended, Consumer<RequestRecording> next) {
    int model = models.forStage(stage);
    int slice = drawSlice();
    fireTo(stage, model, intended, cursor.next(), slice, -1, headersOf(slice), next);
  }

  /** Sends a recorded request of {@code stage} to {@code model}; then {@code next}. */
  void fireTo(int stage, int model, long intended, Runnable next) {
    int slice = drawSlice();
    fireTo(stage, model, intended, cursor.next(), slice, -1, headersOf(slice), r -> next.run());
  }

  /** A new session of {@code stage}: its model, its slice and its name drawn now. */
  Session newSession(int stage) {
    int model = models.forStage(stage);
    int slice = drawSlice();
    MultiMap headers = headersOf(slice);
    if (sessions.header() != null) {
      MultiMap h = MultiMap.caseInsensitiveMultiMap();
      if (headers != null) {
        h.addAll(headers);
      }
      h.set(sessions.header(), sessionPrefix + "-" + Long.toString(sessionsStarted, 36));
      headers = h;
    }
    sessionsStarted++;
    return new Session(
        cursor.next(), cursor, sessions.turns(), model, slice, headers, random, repliesSetBudget);
  }

  /** Sends the next turn of {@code session}, recorded in {@code stage}; then {@code next}. */
  void fireTurn(Session session, int stage, long intended, Consumer<RequestRecording> next) {
    Prompt turn = session.nextTurn(maxTokens);
    fireTo(
        stage,
        session.model(),
        intended,
        turn,
        session.slice(),
        session.turns(),
        session.headers(),
        r -> {
          if (r.answered()) {
            session.answered(r.outputTokens());
          } else {
            session.abandon();
          }
          next.accept(r);
        });
  }

  /** {@code turn}: the turn index of a session's request (from 1), else -1. */
  private void fireTo(
      int stage,
      int model,
      long intended,
      Prompt prompt,
      int slice,
      int turn,
      MultiMap headers,
      Consumer<RequestRecording> next) {
    int cell = recorder.cell(stage, model);
    inFlight++;
    RequestRecording recording =
        new RequestRecording(
            recorder,
            cell,
            model,
            intended,
            rules,
            prompt.promptTokens(),
            r -> {
              inFlight--;
              live.remove(r);
              next.accept(r);
            });
    recording.inParts(parts(cell, slice, turn));
    live.add(recording);
    clients.of(model).send(request(model, prompt, headers), recording);
  }

  /** The part cells of a request: its slice's, then its turn's (after every slice). */
  private int[] parts(int cell, int slice, int turn) {
    if (slice < 0 && turn < 0) {
      return NO_PARTS;
    }
    if (turn < 0) {
      return new int[] {recorder.partCell(cell, slice)};
    }
    int turnPart = recorder.partCell(cell, slices.size() + turn - 1);
    return slice < 0 ? new int[] {turnPart} : new int[] {recorder.partCell(cell, slice), turnPart};
  }

  private static final int[] NO_PARTS = {};

  private int drawSlice() {
    if (sliceCumulative.length == 0) {
      return -1;
    }
    double at = random.nextDouble() * sliceCumulative[sliceCumulative.length - 1];
    for (int i = 0; i < sliceCumulative.length; i++) {
      if (at < sliceCumulative[i]) {
        return i;
      }
    }
    return sliceCumulative.length - 1;
  }

  private MultiMap headersOf(int slice) {
    return slice < 0 || sliceHeaders[slice].isEmpty() ? null : sliceHeaders[slice];
  }

  /**
   * Cuts every recorded request still in flight (the run's graceful stop is over): each is counted
   * as interrupted. Returns how many.
   */
  int interruptAll() {
    List<RequestRecording> now = List.copyOf(live);
    now.forEach(RequestRecording::interrupt);
    return now.size();
  }

  /** Sends the next prompt to {@code model}, told to {@code listener} alone; not counted. */
  void send(int model, ExchangeListener listener) {
    sendPrompt(model, cursor.next(), listener);
  }

  /**
   * Sends the next prompt to {@code model} recorded in {@code into} (not the lane's recorder), sent
   * now; then {@code next}. Not counted.
   */
  void sendRecorded(int model, LaneRecorder into, Runnable next) {
    Prompt p = cursor.next();
    sendPrompt(
        model,
        p,
        new RequestRecording(into, 0, model, System.nanoTime(), rules, p.promptTokens(), next));
  }

  private void sendPrompt(int model, Prompt p, ExchangeListener listener) {
    clients.of(model).send(request(model, p, null), listener);
  }

  private TargetRequest request(int model, Prompt p, MultiMap headers) {
    int tokens = p.maxTokens() != null ? p.maxTokens() : maxTokens;
    return new TargetRequest(
        modelNames.get(model), p.text(), p.messages(), tokens, p.promptTokens(), headers);
  }
}
