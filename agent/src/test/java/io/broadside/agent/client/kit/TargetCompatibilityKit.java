package io.broadside.agent.client.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.broadside.agent.client.TargetClient;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.protocols.PreparedTarget;
import io.broadside.agent.client.protocols.TargetClients;
import io.broadside.common.plan.Auth;
import io.broadside.common.plan.HttpTemplate;
import io.broadside.common.plan.SageMaker;
import io.broadside.common.plan.Target;
import io.broadside.common.plan.TargetProtocol;
import io.broadside.common.plan.Tensor;
import io.broadside.common.plan.Tls;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.Faults;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.ModelHosting;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.config.Stall;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility kit every target client passes, against the simulator speaking its protocol for
 * real over loopback: one subclass per protocol says how to reach the simulator and what its
 * failures are called; the tests here hold for all. The client's own events are compared with the
 * simulator's request log (what it served, to whom, with how many tokens, when).
 */
@ExtendWith(NoBlockedEventLoops.class)
abstract class TargetCompatibilityKit {
  /** One token every 10 ms, whatever the batch, no prefill cost: the ground truth of timing. */
  static final GpuPreset TIMED =
      new GpuPreset("kit-10ms", 16, Duration.ofMillis(10), Duration.ZERO, Duration.ZERO);

  static final String MODEL = "llama-2-7b";
  static final int MAX_TOKENS = 12;

  @TempDir Path dir;
  Vertx vertx;
  private Context context;
  private final List<Simulator> simulators = new ArrayList<>();
  private final List<TargetClient> clients = new ArrayList<>();

  /** The simulator family that serves this protocol. */
  abstract Family family();

  abstract TargetProtocol protocol();

  /**
   * The target for {@code url} (the family's port), built as the plan reader would build it:
   * subclasses add their protocol's own section.
   */
  Target target(URI url, boolean stream, Duration timeout) {
    return new Target(
        "kit",
        protocol(),
        url,
        stream,
        timeout,
        auth(),
        Map.of(),
        false,
        Tls.DEFAULT,
        sagemaker(),
        template(),
        tensors(),
        tools(),
        tools() == null ? null : "\"auto\"",
        documents());
  }

  /** The tools a chat request offers (JSON), or null. */
  String tools() {
    return null;
  }

  /** A rerank's documents. */
  List<String> documents() {
    return List.of();
  }

  /**
   * Whether answers report the input tokens the server counted (embeddings, rerank): then each
   * answer's are the simulator's.
   */
  boolean reportsInputTokens() {
    return false;
  }

  Auth auth() {
    return null;
  }

  SageMaker sagemaker() {
    return null;
  }

  HttpTemplate template() {
    return null;
  }

  /** The KServe protocols' input tensors: an FP32 and an INT64 one. */
  List<Tensor> tensors() {
    if (protocol().generative()) {
      return List.of();
    }
    return List.of(
        new Tensor("INPUT0", List.of(2L, 4L), "FP32", Tensor.Fill.RANDOM, null),
        new Tensor("INPUT1", List.of(2L, 4L), "INT64", Tensor.Fill.ZEROS, null));
  }

  /** The path under the port that the target URL names ({@code /openai/v1} for KServe's HF). */
  String basePath() {
    return "";
  }

  /** The class of an injected server error. */
  abstract String errorClass();

  /** Whether unary answers carry the server's token count (Triton's generate does not). */
  boolean unaryCountsTokens() {
    return true;
  }

  /** Adjusts the simulator for this protocol (e.g. the SageMaker endpoint's credentials). */
  SimulatorConfig configure(SimulatorConfig config) {
    return config;
  }

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void closeAll() {
    for (TargetClient c : clients) {
      await(onContext(c::close));
    }
    for (Simulator s : simulators) {
      await(s.close());
    }
    await(vertx.close());
  }

  @Test
  void streamedAnswersCarryTheServersTokens() {
    assumeThat(protocol().streams()).as(protocol() + " streams").isTrue();
    answersCarryTheServersTokens(true);
  }

  @Test
  void unaryAnswersCarryTheServersTokens() {
    answersCarryTheServersTokens(false);
  }

  private void answersCarryTheServersTokens(boolean stream) {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim = simulator(c -> c.withPreset(GpuPreset.INSTANT).withRequestLog(log));
    TargetClient client = client(sim, stream, Duration.ofSeconds(10));

    List<RecordingListener> answers = sendSequentially(client, MODEL, 4);
    await(sim.close());

    List<RequestLogEntry> served = RequestLogReader.read(log);
    assertThat(answers).allSatisfy(a -> assertThat(a.ok()).as(a.toString()).isTrue());
    assertThat(answers).allSatisfy(a -> assertThat(a.ends).isEqualTo(1));
    assertThat(answers).allSatisfy(a -> assertThat(a.streamed).isEqualTo(stream));
    assertThat(answers)
        .allSatisfy(
            a ->
                assertThat(a.firstByte)
                    .as("sent <= first byte <= first chunk")
                    .isBetween(a.sent, a.chunks.isEmpty() ? a.endNanos : a.chunks.get(0).nanos()));
    assertThat(served).hasSize(4);
    assertThat(served).allSatisfy(e -> assertThat(e.model()).isEqualTo(MODEL));
    assertThat(served).allSatisfy(e -> assertThat(e.status()).isEqualTo(okStatus()));
    if (!protocol().generative()) {
      return;
    }
    for (int i = 0; i < answers.size(); i++) {
      RecordingListener a = answers.get(i);
      RequestLogEntry e = served.get(i);
      assertThat(e.completionTokens()).isEqualTo(MAX_TOKENS);
      if (stream || unaryCountsTokens()) {
        assertThat(a.outputTokens()).as("tokens of " + a).isEqualTo(e.completionTokens());
      } else {
        assertThat(a.outputTokens()).as("one token-bearing body").isEqualTo(1);
      }
      if (stream) {
        assertThat(a.tokenChunks()).hasSameSizeAs(e.tokenChunksUs());
      }
    }
  }

  @Test
  void eachAnswerReportsTheInputTokensTheServerCounted() {
    assumeThat(reportsInputTokens()).as(protocol() + " reports input tokens").isTrue();
    Path log = dir.resolve("input.jsonl");
    Simulator sim = simulator(c -> c.withPreset(GpuPreset.INSTANT).withRequestLog(log));
    List<RecordingListener> answers =
        sendSequentially(client(sim, false, Duration.ofSeconds(10)), MODEL, 4);
    await(sim.close());
    List<RequestLogEntry> served = RequestLogReader.read(log);
    assertThat(served).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(answers.get(i).ok()).isTrue();
      assertThat(answers.get(i).usage.promptTokens())
          .as("input tokens of answer " + i)
          .isEqualTo(served.get(i).promptTokens())
          .isPositive();
      assertThat(served.get(i).endpoint()).isEqualTo(protocol().wireName());
    }
  }

  /**
   * A request's own headers (a slice's, a session's) reach the server beside the target's, and a
   * session turn's history arrives as its messages: the OpenAI chat, completions and Responses
   * handlers of the simulator log both.
   */
  @Test
  void aRequestsOwnHeadersAndAConversationsHistoryReachTheServer() {
    assumeThat(
            protocol() == TargetProtocol.OPENAI_CHAT
                || protocol() == TargetProtocol.OPENAI_RESPONSES)
        .as(protocol() + " takes a conversation")
        .isTrue();
    Path log = dir.resolve("headers.jsonl");
    Simulator sim =
        simulator(
            c ->
                c.withPreset(GpuPreset.INSTANT)
                    .withRequestLog(log)
                    .withLoggedHeaders(List.of("x-tenant", "x-session-id")));
    TargetClient client = client(sim, protocol().streams(), Duration.ofSeconds(10));
    io.vertx.core.MultiMap headers =
        io.vertx.core.MultiMap.caseInsensitiveMultiMap()
            .set("x-tenant", "acme")
            .set("x-session-id", "s-1");
    List<java.util.Map<String, String>> history =
        List.of(
            java.util.Map.of("role", "user", "content", "one two three"),
            java.util.Map.of("role", "assistant", "content", "four five"),
            java.util.Map.of("role", "user", "content", "six"));
    RecordingListener listener = new RecordingListener();
    await(
        onContext(
            () -> {
              client.send(new TargetRequest(MODEL, null, history, 4, 6, headers), listener);
              return listener.future();
            }));
    await(sim.close());
    assertThat(listener.ok()).as(listener.toString()).isTrue();
    RequestLogEntry served = RequestLogReader.read(log).get(0);
    assertThat(served.headers())
        .containsEntry("x-tenant", "acme")
        .containsEntry("x-session-id", "s-1");
    assertThat(served.promptTokens()).as("the whole history").isEqualTo(6);
  }

  /**
   * The prompt tokens a server's prefix cache held reach the recording as its usage says them: the
   * same prompt twice, the second's cached tokens are the simulator's (its whole blocks).
   */
  @Test
  void theCachedPromptTokensAreTheServers() {
    assumeThat(
            protocol() == TargetProtocol.OPENAI_CHAT
                || protocol() == TargetProtocol.OPENAI_COMPLETIONS)
        .as(protocol() + " reports cached tokens")
        .isTrue();
    Path log = dir.resolve("cached.jsonl");
    Simulator sim =
        simulator(
            c ->
                c.withPreset(GpuPreset.INSTANT)
                    .withRequestLog(log)
                    .withGeneration(
                        new io.broadside.simulator.config.Generation(
                            0,
                            io.broadside.simulator.config.Generation.ReasoningFormat.FIELD,
                            4096)));
    TargetClient client = client(sim, protocol().streams(), Duration.ofSeconds(10));
    String prompt = String.join(" ", java.util.Collections.nCopies(40, "word"));
    List<RecordingListener> answers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RecordingListener listener = new RecordingListener();
      answers.add(
          await(
              onContext(
                  () -> {
                    client.send(new TargetRequest(MODEL, prompt, null, 4, 40), listener);
                    return listener.future();
                  })));
    }
    await(sim.close());
    List<RequestLogEntry> served = RequestLogReader.read(log);
    assertThat(served).extracting(RequestLogEntry::cachedTokens).containsExactly(0, 32);
    for (int i = 0; i < 2; i++) {
      assertThat(answers.get(i).usage.cachedTokens())
          .as("answer " + i)
          .isEqualTo(served.get(i).cachedTokens());
    }
  }

  /** How the simulator of a reasoning kit streams its reasoning; null: it does not reason. */
  io.broadside.simulator.config.Generation.ReasoningFormat reasoning() {
    return null;
  }

  /**
   * A reasoning model's stream (see {@link #reasoning()}): the chunks told as reasoning are exactly
   * the ones the simulator streamed as reasoning, and the usage's reasoning tokens are its count
   * when it gives one.
   */
  @Test
  void theChunksToldAsReasoningAreTheOnesTheSimulatorStreamedAsReasoning() {
    assumeThat(reasoning()).as(protocol() + " streams reasoning here").isNotNull();
    Path log = dir.resolve("reasoning.jsonl");
    Simulator sim = simulator(c -> c.withPreset(GpuPreset.INSTANT).withRequestLog(log));
    TargetClient client = client(sim, true, Duration.ofSeconds(10));

    List<RecordingListener> answers = sendSequentially(client, MODEL, 3);
    await(sim.close());

    List<RequestLogEntry> served = RequestLogReader.read(log);
    assertThat(served).hasSize(3);
    for (int i = 0; i < 3; i++) {
      RecordingListener a = answers.get(i);
      RequestLogEntry e = served.get(i);
      assertThat(e.reasoningTokens()).isEqualTo(MAX_TOKENS / 2);
      List<RecordingListener.Chunk> tokens = a.tokenChunks();
      assertThat(tokens).hasSize(MAX_TOKENS);
      // the first R token-bearing chunks, and only those, are reasoning
      List<Integer> expected =
          java.util.stream.IntStream.range(0, a.chunks.size())
              .filter(c -> a.chunks.get(c).tokens() > 0)
              .limit(e.reasoningTokens())
              .boxed()
              .toList();
      assertThat(a.reasoning).as(a.toString()).isEqualTo(expected);
      if (reasoning() == io.broadside.simulator.config.Generation.ReasoningFormat.FIELD) {
        assertThat(a.usage.reasoningTokens()).isEqualTo(e.reasoningTokens());
      } else {
        assertThat(a.usage.reasoningTokens())
            .as("a <think> span is not counted apart")
            .isEqualTo(-1);
      }
    }
  }

  /** The status the simulator logs for a served request (HTTP 200, gRPC 0). */
  int okStatus() {
    return protocol().grpc() ? 0 : 200;
  }

  /**
   * Uncontended, one token every 10 ms: the gaps between tokens (ITL, TPOT) are within 1 ms of the
   * configured 10 ms, and the first token (or the whole unary answer) arrives, at the median,
   * within -1 to +5 ms — the request's and the answer's trips over loopback, and the noise of
   * reading two event loops' clocks on two busy cores (medians up to 4.4 ms were seen during a full
   * build; a misattributed step would be 10 ms) — of when the simulator's own log says it was
   * written, counted from its arrival there. (The simulator writes about 1 ms after the configured
   * step: its timers run on the JDK's selector, which sleeps in whole milliseconds.)
   */
  @Test
  void uncontendedTimingIsWithinAMillisecondOfTheSimulators() {
    Path log = dir.resolve("timing.jsonl");
    Simulator sim = simulator(c -> c.withPreset(TIMED).withRequestLog(log));
    boolean stream = protocol().streams();
    TargetClient client = client(sim, stream, Duration.ofSeconds(10));
    // connections warm, and the code paths compiled: a gRPC client's first few dozen calls take
    // milliseconds longer while the JIT compiles them (5 calls left KServe's unary call 6-10 ms
    // behind the server here, 100 short ones 2-3 ms)
    sendSequentially(client, MODEL, 100, 1);

    List<RecordingListener> answers = sendSequentially(client, MODEL, 9);
    await(sim.close());

    List<RequestLogEntry> served = RequestLogReader.read(log).subList(100, 109);
    assertThat(answers).allSatisfy(a -> assertThat(a.ok()).as(a.toString()).isTrue());
    List<Double> firstLate = new ArrayList<>();
    List<Double> serverFirst = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      RecordingListener a = answers.get(i);
      RequestLogEntry e = served.get(i);
      double clientMs = ((stream ? a.tokenChunks().get(0).nanos() : a.endNanos) - a.sent) / 1e6;
      double serverMs = (e.tokenChunksUs().get(0) - e.arrivalUs()) / 1e3;
      firstLate.add(clientMs - serverMs);
      serverFirst.add(serverMs);
    }
    System.out.printf(
        "%s %s: first token %.3f ms after the server wrote it, %.3f ms after its arrival there"
            + " (medians)%n",
        protocol(), stream ? "streamed" : "unary", median(firstLate), median(serverFirst));
    // the request's trip to the server and the answer's trip back, on loopback; single requests
    // differ by -1 to +2 ms here, the two sides' clocks being read on two busy event loops
    assertThat(median(firstLate))
        .as("first token (or answer) after the server wrote it, ms")
        .isBetween(-1.0, 5.0);
    if (!stream) {
      return;
    }
    List<Double> gaps = new ArrayList<>();
    answers.forEach(a -> gaps.addAll(a.itlMs()));
    double tpot =
        median(
            answers.stream()
                .map(
                    a ->
                        (a.tokenChunks().get(a.tokenChunks().size() - 1).nanos()
                                - a.tokenChunks().get(0).nanos())
                            / 1e6
                            / (a.outputTokens() - 1))
                .toList());
    System.out.printf(
        "%s: TTFT %.3f ms from the send (configured 10 ms), ITL %.3f ms (10 ms)%n",
        protocol(), median(answers.stream().map(RecordingListener::ttftMs).toList()), median(gaps));
    assertThat(median(gaps)).as("ITL, ms").isCloseTo(10.0, within(1.0));
    assertThat(tpot).as("TPOT, ms").isCloseTo(10.0, within(1.0));
  }

  @Test
  void anInjectedErrorHasTheProtocolsClass() {
    Simulator sim =
        simulator(
            c -> c.withPreset(GpuPreset.INSTANT).withFaults(family(), new Faults(1, 0, 0, 0, 0)));
    RecordingListener a =
        sendSequentially(client(sim, protocol().streams(), Duration.ofSeconds(5)), MODEL, 1).get(0);

    assertThat(a.errorClass).as(a.toString()).isEqualTo(errorClass());
  }

  /** The class of the protocol's overload or throttling answer. */
  String throttleClass() {
    return protocol().grpc() ? "grpc_RESOURCE_EXHAUSTED" : "http_429";
  }

  @Test
  void anOverloadedServerHasTheProtocolsOverloadClass() {
    Simulator sim =
        simulator(
            c -> c.withPreset(GpuPreset.INSTANT).withFaults(family(), new Faults(0, 0, 0, 1, 0)));
    RecordingListener a =
        sendSequentially(client(sim, protocol().streams(), Duration.ofSeconds(5)), MODEL, 1).get(0);

    assertThat(a.errorClass).as(a.toString()).isEqualTo(throttleClass());
  }

  /**
   * A model still loading is not ready: the answer's class is {@code model_not_ready} whatever the
   * protocol says it with, and the model's first answer after it counts as a cold start.
   */
  @Test
  void aModelStillLoadingIsNotReady() {
    Simulator sim =
        simulator(
            c ->
                c.withPreset(GpuPreset.INSTANT)
                    .withHosting(
                        new ModelHosting(
                            4, 1, Duration.ofMillis(400), Duration.ofMillis(400), Duration.ZERO)));
    TargetClient client = client(sim, protocol().streams(), Duration.ofSeconds(5));

    RecordingListener first = sendSequentially(client, MODEL, 1).get(0);

    assertThat(first.errorClass).as(first.toString()).isEqualTo("model_not_ready");
  }

  @Test
  void aMalformedAnswerIsAProtocolError() {
    Simulator sim =
        simulator(
            c -> c.withPreset(GpuPreset.INSTANT).withFaults(family(), new Faults(0, 1, 0, 0, 0)));
    for (boolean stream : modes()) {
      RecordingListener a =
          sendSequentially(client(sim, stream, Duration.ofSeconds(5)), MODEL, 1).get(0);
      assertThat(a.errorClass).as((stream ? "streamed: " : "unary: ") + a).isEqualTo("protocol");
    }
  }

  @Test
  void aDroppedConnectionFailsTheRequest() {
    Simulator sim =
        simulator(
            c -> c.withPreset(GpuPreset.INSTANT).withFaults(family(), new Faults(0, 0, 1, 0, 0)));
    for (boolean stream : modes()) {
      RecordingListener a =
          sendSequentially(client(sim, stream, Duration.ofSeconds(5)), MODEL, 1).get(0);
      assertThat(a.errorClass).as((stream ? "streamed: " : "unary: ") + a).isIn(dropClasses());
    }
  }

  /** The classes a connection or stream cut mid-answer may be reported as. */
  List<String> dropClasses() {
    return List.of("protocol");
  }

  @Test
  void aStalledServerTimesOutAtTheRequestTimeout() {
    Simulator sim =
        simulator(
            c ->
                c.withPreset(GpuPreset.INSTANT)
                    .withStalls(List.of(new Stall(Duration.ZERO, Duration.ofSeconds(3)))));
    long start = System.nanoTime();
    RecordingListener a =
        sendSequentially(client(sim, protocol().streams(), Duration.ofMillis(300)), MODEL, 1)
            .get(0);

    assertThat(a.errorClass).as(a.toString()).isEqualTo("timeout");
    assertThat((a.endNanos - start) / 1e6).isBetween(250.0, 2_000.0);
  }

  /** Whether the protocol names a model per request (TGI's native API serves one). */
  boolean routesModels() {
    return true;
  }

  @Test
  void eachRequestReachesTheModelItNames() {
    assumeThat(routesModels()).as(protocol() + " names models").isTrue();
    Path log = dir.resolve("models.jsonl");
    Simulator sim =
        simulator(
            c ->
                c.withPreset(GpuPreset.INSTANT)
                    .withModels(List.of("alpha", "beta", "gamma"))
                    .withRequestLog(log));
    TargetClient client = client(sim, protocol().streams(), Duration.ofSeconds(5));

    List<RecordingListener> answers = new ArrayList<>();
    for (String model : List.of("gamma", "alpha", "beta", "gamma")) {
      answers.addAll(sendSequentially(client, model, 1));
    }
    await(sim.close());

    assertThat(answers).allSatisfy(a -> assertThat(a.ok()).as(a.toString()).isTrue());
    assertThat(RequestLogReader.read(log))
        .extracting(RequestLogEntry::model)
        .containsExactly("gamma", "alpha", "beta", "gamma");
  }

  @Test
  void streamsSurviveArbitrarySplitsAndKeepAlives() {
    assumeThat(protocol().streams()).as(protocol() + " streams").isTrue();
    Path log = dir.resolve("split.jsonl");
    Simulator sim =
        simulator(
            c ->
                c.withPreset(GpuPreset.INSTANT)
                    .withRequestLog(log)
                    .withFaults(family(), new Faults(0, 0, 0, 0, 1)));
    SplittingProxy proxy = new SplittingProxy(vertx, sim.port(family()));
    int port = await(proxy.start());
    TargetClient client = client(port, true, Duration.ofSeconds(10));

    List<RecordingListener> answers = sendSequentially(client, MODEL, 3);
    await(sim.close());
    await(proxy.close());

    List<RequestLogEntry> served = RequestLogReader.read(log);
    assertThat(answers).allSatisfy(a -> assertThat(a.ok()).as(a.toString()).isTrue());
    for (int i = 0; i < answers.size(); i++) {
      if (protocol().generative()) {
        assertThat(answers.get(i).outputTokens()).isEqualTo(served.get(i).completionTokens());
        assertThat(answers.get(i).tokenChunks()).hasSameSizeAs(served.get(i).tokenChunksUs());
      }
    }
  }

  /**
   * Whether this protocol stands for its family in the fault-proxy test (one per wire format: SSE
   * over HTTP/1.1, unary HTTP, gRPC unary and streamed, SageMaker's event stream).
   */
  boolean standsForItsFamily() {
    return false;
  }

  /**
   * Misbehaving networks and servers (see {@link FaultProxy}), each between its own client and the
   * simulator at once: every request ends exactly once, with a class (the answer held 2 s is ok,
   * the half-open and trickled ones time out, the others fail), none outlives its timeout, and once
   * the clients are closed the process holds no more sockets than before.
   */
  @Test
  void faultsEndEveryRequestOnceWithAClassAndLeaveNoSocketOpen() throws Exception {
    assumeThat(standsForItsFamily()).as(protocol() + " stands for its family").isTrue();
    Simulator sim = simulator(c -> c.withPreset(GpuPreset.INSTANT));
    Duration timeout = Duration.ofMillis(2500);
    // what Vert.x opens once and keeps (its name resolver's socket) is opened before counting
    TargetClient warm = client(sim, protocol().streams(), timeout);
    assertThat(sendSequentially(warm, MODEL, 1).get(0).ok()).isTrue();
    await(onContext(warm::close));
    clients.remove(warm);
    long socketsBefore = openSockets();
    List<FaultProxy> proxies = new ArrayList<>();
    List<TargetClient> mine = new ArrayList<>();
    List<Future<RecordingListener>> answers = new ArrayList<>();
    long start = System.nanoTime();
    for (FaultProxy.Fault fault : FaultProxy.Fault.values()) {
      FaultProxy proxy = new FaultProxy(vertx, sim.port(family()), fault);
      proxies.add(proxy);
      TargetClient client = client(await(proxy.start()), protocol().streams(), timeout);
      mine.add(client);
      RecordingListener listener = new RecordingListener();
      TargetRequest request =
          new TargetRequest(MODEL, "one two three four five six seven eight", null, MAX_TOKENS, 8);
      answers.add(
          onContext(
              () -> {
                client.send(request, listener);
                return listener.future();
              }));
    }
    List<RecordingListener> ended = new ArrayList<>();
    for (Future<RecordingListener> f : answers) {
      ended.add(await(f));
    }
    Thread.sleep(300); // a second end, were there one, would come now

    FaultProxy.Fault[] faults = FaultProxy.Fault.values();
    for (int i = 0; i < faults.length; i++) {
      RecordingListener a = ended.get(i);
      String what = protocol() + " " + faults[i] + ": " + a;
      assertThat(a.ends).as(what).isEqualTo(1);
      assertThat((a.endNanos - start) / 1e6).as(what).isLessThan(timeout.toMillis() + 700.0);
      switch (faults[i]) {
        case LATENCY_SPIKE -> {
          assertThat(a.ok()).as(what).isTrue();
          assertThat((a.endNanos - start) / 1e6).as(what).isGreaterThan(1_900.0);
        }
        case HALF_OPEN, SLOWLORIS -> assertThat(a.errorClass).as(what).isEqualTo("timeout");
        default -> assertThat(a.errorClass).as(what).isNotNull().isNotEqualTo("timeout");
      }
    }
    for (TargetClient c : mine) {
      await(onContext(c::close));
      clients.remove(c);
    }
    for (FaultProxy p : proxies) {
      await(p.close());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    long socketsAfter = openSockets();
    while (socketsAfter > socketsBefore && System.nanoTime() < deadline) {
      Thread.sleep(50);
      socketsAfter = openSockets();
    }
    assertThat(socketsAfter)
        .as("open sockets after the clients closed")
        .isLessThanOrEqualTo(socketsBefore);
  }

  /**
   * The process's open sockets (its file descriptors that are sockets: an event loop's selector,
   * opened once on first use, is not one).
   */
  private static long openSockets() throws java.io.IOException {
    try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return java.nio.file.Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (java.io.IOException e) {
                  return false; // closed meanwhile
                }
              })
          .count();
    }
  }

  // ---- fixtures

  List<Boolean> modes() {
    return protocol().streams() ? List.of(true, false) : List.of(false);
  }

  Simulator simulator(UnaryOperator<SimulatorConfig> tweak) {
    SimulatorConfig config =
        tweak.apply(configure(SimulatorConfig.defaults().withModels(List.of(MODEL))));
    config = config.withFamily(family(), 0).withEphemeralPorts();
    Simulator sim = await(Simulator.start(vertx, config));
    simulators.add(sim);
    return sim;
  }

  TargetClient client(Simulator sim, boolean stream, Duration timeout) {
    return client(sim.port(family()), stream, timeout);
  }

  TargetClient client(int port, boolean stream, Duration timeout) {
    URI url = URI.create(scheme() + "://127.0.0.1:" + port + basePath());
    PreparedTarget prepared = PreparedTarget.prepare(target(url, stream, timeout), 42);
    TargetClient client =
        await(onContext(() -> Future.succeededFuture(TargetClients.create(vertx, prepared, null))));
    clients.add(client);
    return client;
  }

  String scheme() {
    return "http";
  }

  /** Sends {@code n} requests one after another, each when the previous one ended. */
  List<RecordingListener> sendSequentially(TargetClient client, String model, int n) {
    return sendSequentially(client, model, n, MAX_TOKENS);
  }

  /** The same, each asking for {@code maxTokens} output tokens. */
  List<RecordingListener> sendSequentially(
      TargetClient client, String model, int n, int maxTokens) {
    List<RecordingListener> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RecordingListener listener = new RecordingListener();
      TargetRequest request =
          new TargetRequest(model, "one two three four five six seven eight", null, maxTokens, 8);
      answers.add(
          await(
              onContext(
                  () -> {
                    client.send(request, listener);
                    return listener.future();
                  })));
    }
    return answers;
  }

  <T> Future<T> onContext(Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return result.future();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within 20 s", e);
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
