package io.broadside.simulator.serve;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.Generation;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.engine.PrefixCache;
import io.broadside.simulator.engine.SequenceScheduler;
import io.broadside.simulator.fault.Fault;
import io.broadside.simulator.fault.FaultInjector;
import io.broadside.simulator.hosting.Admission;
import io.broadside.simulator.hosting.ModelHost;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestLog;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.metrics.ServerMetrics;
import io.broadside.simulator.token.SeededVocabulary;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What every family shares: the engine, the vocabulary, the request log, the model hosting, the
 * fault injectors and the set of answers in progress; and the one path a generation request takes
 * through them ({@link #serve}). Owned by the simulator's context: every method must be called
 * there.
 */
public final class Backend {
  private final SimulatorConfig config;
  private final EpochMicroClock clock;
  private final RequestLog log;
  private ServerMetrics metrics;
  private final SequenceScheduler scheduler;
  private final SeededVocabulary vocabulary;
  private final ModelHost host;
  private final Map<Family, FaultInjector> faults = new EnumMap<>(Family.class);
  private final Set<Exchange> open = new LinkedHashSet<>();

  /** Each model's prefix cache, made at its first request; null without a cache. */
  private final Map<String, PrefixCache> prefixCaches;

  private long issued;

  public Backend(
      Vertx vertx,
      SimulatorConfig config,
      EpochMicroClock clock,
      RequestLog log,
      SequenceScheduler scheduler) {
    this.config = config;
    this.clock = clock;
    this.log = log;
    this.scheduler = scheduler;
    this.vocabulary = new SeededVocabulary(config.seed());
    this.host = ModelHost.of(vertx, config.hosting(), config.seed());
    this.prefixCaches = config.generation().prefixCacheTokens() > 0 ? new HashMap<>() : null;
    for (Family family : Family.values()) {
      faults.put(
          family,
          new FaultInjector(config.faultsOf(family), config.seed() * 131 + family.ordinal()));
    }
  }

  public SimulatorConfig config() {
    return config;
  }

  public EpochMicroClock clock() {
    return clock;
  }

  public SeededVocabulary vocabulary() {
    return vocabulary;
  }

  public ModelHost host() {
    return host;
  }

  /** The served models, the first being the default. */
  public List<String> models() {
    return config.models();
  }

  /** The model a request that names none gets. */
  public String defaultModel() {
    return config.models().get(0);
  }

  /** Whether {@code model} is one of the served models. */
  public boolean serves(String model) {
    return config.models().contains(model);
  }

  /** A fresh id {@code prefix + 16 hex digits}, following from the seed and the order of calls. */
  public String nextId(String prefix) {
    long hash = SeededVocabulary.mix(config.seed() * 0x9E3779B97F4A7C15L + issued++);
    return prefix + String.format("%016x", hash);
  }

  /** Appends the finished {@code record} to the request log with {@code status}. */
  public void log(RequestRecord record, int status) {
    log.append(record.toEntry(status));
    if (metrics != null) {
      metrics.observe(record, status);
    }
  }

  /** Every finished request is also observed by the server metrics. */
  public void observeWith(ServerMetrics serverMetrics) {
    this.metrics = serverMetrics;
  }

  /** The server metrics ({@code GET /metrics}), or null before they are set. */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** The keep-alive period of {@code family}'s streams, 0 for none. */
  public int keepAliveEvery(Family family) {
    return faults.get(family).keepAliveEvery();
  }

  /**
   * Serves one generation request: draws its fault (an error or throttle is refused at once), asks
   * the hosting for its model (not ready is refused), then builds the exchange for the drawn fault
   * and submits a sequence of {@code promptTokens} and {@code maxTokens} to the engine. Every
   * outcome is logged once.
   */
  public void serve(
      Family family,
      String model,
      RequestRecord record,
      Refusals refusals,
      Function<Fault, Exchange> exchanges,
      int promptTokens,
      int maxTokens) {
    serve(family, model, record, refusals, exchanges, promptTokens, maxTokens, null);
  }

  /**
   * As {@link #serve(Family, String, RequestRecord, Refusals, Function, int, int)}, for a prompt
   * whose whole blocks hash to {@code prefixBlocks} (null: not cached): with a prefix cache, the
   * tokens of its leading blocks found there skip the prefill, and the record says how many.
   */
  public void serve(
      Family family,
      String model,
      RequestRecord record,
      Refusals refusals,
      Function<Fault, Exchange> exchanges,
      int promptTokens,
      int maxTokens,
      long[] prefixBlocks) {
    Fault fault = faults.get(family).next();
    if (fault == Fault.ERROR) {
      log(record, refuse(refusals::error));
      return;
    }
    if (fault == Fault.THROTTLE) {
      log(record, refuse(refusals::throttle));
      return;
    }
    host.admit(
        model,
        admission -> {
          if (!admission.served()) {
            log(record, refuse(refusals::notReady));
            return;
          }
          if (admission == Admission.COLD) {
            record.coldStart();
          }
          int cached =
              prefixCaches == null || prefixBlocks == null
                  ? 0
                  : prefixCache(model).admit(prefixBlocks, promptTokens);
          record.cachedTokens(cached);
          run(exchanges.apply(fault), model, promptTokens - cached, maxTokens);
        });
  }

  /** Whether the simulator keeps a prefix cache (its usage then reports cached tokens). */
  public boolean cachesPrefixes() {
    return prefixCaches != null;
  }

  /** {@code model}'s prefix cache: no block is shared across models. */
  private PrefixCache prefixCache(String model) {
    return prefixCaches.computeIfAbsent(
        model,
        m -> new PrefixCache(config.generation().prefixCacheTokens(), Generation.BLOCK_TOKENS));
  }

  /** {@code prefillTokens}: the prompt tokens still to compute. */
  private void run(Exchange exchange, String model, int prefillTokens, int maxTokens) {
    Runnable whenDone =
        () -> {
          open.remove(exchange);
          host.release(model);
        };
    exchange.bind(this, whenDone);
    open.add(exchange);
    exchange.start();
    if (exchange.finished()) {
      return;
    }
    exchange.submitted(scheduler, scheduler.submit(prefillTokens, maxTokens, exchange));
  }

  private static int refuse(java.util.function.IntSupplier answer) {
    try {
      return answer.getAsInt();
    } catch (IllegalStateException e) {
      // the client left while the request waited
      return Exchange.CUT;
    }
  }

  /** Cuts every answer in progress (each is logged with status 499): the simulator is closing. */
  public void abortAll() {
    List.copyOf(open).forEach(Exchange::abort);
  }

  /**
   * The values of the headers of {@code request} the log keeps ({@link
   * SimulatorConfig#loggedHeaders()}), by name; empty when none.
   */
  public java.util.Map<String, String> loggedHeaders(io.vertx.core.http.HttpServerRequest request) {
    if (config.loggedHeaders().isEmpty()) {
      return java.util.Map.of();
    }
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (String name : config.loggedHeaders()) {
      String value = request.getHeader(name);
      if (value != null) {
        out.put(name, value);
      }
    }
    return out;
  }

  /** {@code host:port} of a client, {@code unknown} when there is no address. */
  public static String remote(SocketAddress address) {
    if (address == null) {
      return "unknown";
    }
    String host = address.hostAddress() != null ? address.hostAddress() : address.host();
    return host + ":" + address.port();
  }
}
