package io.broadside.agent.load;

import io.broadside.agent.client.ExchangeListener;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.protocols.ModelClients;
import io.broadside.agent.dataset.Prompt;
import io.broadside.agent.dataset.PromptSource;
import io.broadside.agent.record.LaneRecorder;
import io.broadside.agent.record.RequestRecording;
import java.util.List;

/**
 * One request of a lane: its model, its prompt, its client, its recording, and the count of the
 * lane's requests in flight. Not thread-safe: the lane's context only.
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
  void fire(int stage, long intended, java.util.function.Consumer<RequestRecording> next) {
    fireTo(stage, models.forStage(stage), intended, next);
  }

  /** Sends a recorded request of {@code stage} to {@code model}; then {@code next}. */
  void fireTo(int stage, int model, long intended, Runnable next) {
    fireTo(stage, model, intended, r -> next.run());
  }

  private void fireTo(
      int stage, int model, long intended, java.util.function.Consumer<RequestRecording> next) {
    Prompt prompt = cursor.next();
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
    live.add(recording);
    clients.of(model).send(request(model, prompt), recording);
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
    clients.of(model).send(request(model, p), listener);
  }

  private TargetRequest request(int model, Prompt p) {
    int tokens = p.maxTokens() != null ? p.maxTokens() : maxTokens;
    return new TargetRequest(
        modelNames.get(model), p.text(), p.messages(), tokens, p.promptTokens());
  }
}
