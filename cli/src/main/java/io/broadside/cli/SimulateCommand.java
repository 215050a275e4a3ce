package io.broadside.cli;

import io.broadside.common.unit.Durations;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.Faults;
import io.broadside.simulator.config.Generation;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.ModelHosting;
import io.broadside.simulator.config.SageMakerConfig;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.config.Stall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code broadside simulate}: the model-server simulator alone, until interrupted. */
@Command(
    name = "simulate",
    description =
        "Run the model-server simulator alone: OpenAI on --port (8000), gRPC (TGIS, Caikit,"
            + " KServe V2) on 8033, TGI on 8001, KServe V1/V2 and Triton on 8002, Caikit HTTP on"
            + " 8003, SageMaker on 8004.")
final class SimulateCommand implements Callable<Integer>, Listens {
  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8000",
      description = "the OpenAI-compatible family's port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--port-base",
      paramLabel = "N",
      description =
          "move every port together: OpenAI on N, TGI on N+1, KServe on N+2, Caikit HTTP on N+3,"
              + " SageMaker on N+4, gRPC on N+33 (two simulators side by side)")
  Integer portBase;

  @Option(
      names = "--preset",
      defaultValue = "llama-7b-1gpu",
      description = "llama-7b-1gpu, fast, instant")
  String preset;

  @Option(
      names = "--models",
      split = ",",
      defaultValue = "llama-2-7b",
      description =
          "the models served, comma-separated; a range in braces names many: 'granite-{1..200}'"
              + " (quoted, so the shell leaves it alone)")
  List<String> models;

  /** {@code granite-{1..3}} is granite-1, granite-2, granite-3; other names are themselves. */
  static List<String> expand(List<String> names) {
    java.util.regex.Pattern range = java.util.regex.Pattern.compile("\\{(\\d+)\\.\\.(\\d+)}");
    List<String> out = new ArrayList<>();
    for (String name : names) {
      java.util.regex.Matcher m = range.matcher(name);
      if (!m.find()) {
        out.add(name);
        continue;
      }
      long from = Long.parseLong(m.group(1));
      long to = Long.parseLong(m.group(2));
      if (to < from || to - from >= 100_000) {
        throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(new SimulateCommand()),
            "--models " + name + ": a range from low to high, at most 100,000 names");
      }
      String head = name.substring(0, m.start());
      String tail = name.substring(m.end());
      for (long n = from; n <= to; n++) {
        out.addAll(expand(List.of(head + n + tail)));
      }
    }
    return out;
  }

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "seed of the simulated lengths and timings (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--openai-only",
      description = "serve only the OpenAI family (on --port), not the other protocols")
  boolean openAiOnly;

  @Option(
      names = "--sagemaker-endpoint",
      defaultValue = "broadside-sim",
      description = "the SageMaker endpoint name served on 8004")
  String sagemakerEndpoint;

  @Option(
      names = "--memory-gb",
      description =
          "host models in this much memory, loading each on first use (LRU unloading);"
              + " with --model-size-gb, --load-time and --cold-start-wait")
  Double memoryGb;

  @Option(
      names = "--model-size-gb",
      defaultValue = "1",
      description = "with --memory-gb: each model's size (default: ${DEFAULT-VALUE})")
  double modelSizeGb;

  @Option(
      names = "--load-time",
      defaultValue = "2s-8s",
      description = "a model's load time, uniform in MIN-MAX (fixed per model for the seed)")
  String loadTime;

  @Option(
      names = "--cold-start-wait",
      defaultValue = "1s",
      description = "how long a request waits for its model's load before 'not ready'")
  String coldStartWait;

  @Option(
      names = "--fault",
      description =
          "inject faults into one family: FAMILY:error=R,malformed=R,drop=R,throttle=R,keepalive=K"
              + " (e.g. sagemaker:error=0.05,throttle=0.01)")
  List<String> faults = new ArrayList<>();

  @Option(names = "--request-log", description = "write every request's timing as JSONL here")
  Path requestLog;

  @Option(
      names = "--reasoning",
      defaultValue = "0",
      description =
          "the share of each chat or Responses API answer streamed first as reasoning, 0 to"
              + " below 1"
              + " (default: ${DEFAULT-VALUE}, none)")
  double reasoning;

  @Option(
      names = "--reasoning-format",
      defaultValue = "field",
      description =
          "field: reasoning in delta.reasoning_content, counted in the usage's reasoning_tokens;"
              + " think: a <think>…</think> span in the content, not counted apart"
              + " (default: ${DEFAULT-VALUE})")
  String reasoningFormat;

  @Option(
      names = "--prefix-cache",
      defaultValue = "0",
      description =
          "keep a prefix cache of this many KV tokens (16-token blocks, LRU): cached prompt blocks"
              + " skip their prefill and the usage reports cached_tokens (default: ${DEFAULT-VALUE},"
              + " none)")
  long prefixCache;

  @Option(
      names = "--log-header",
      description =
          "keep this request header's value in the request log (e.g. x-session-id); repeatable")
  List<String> logHeaders = new ArrayList<>();

  @Option(names = "--stall", description = "pause the engine: DURATION@AFTER, e.g. 2s@5s")
  List<String> stalls = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    SimulatorConfig config = config();
    var vertx = Vertxes.create();
    Simulator sim = Simulator.start(vertx, config).await();
    StringBuilder ports = new StringBuilder();
    for (Family family : config.ports().keySet()) {
      ports
          .append(' ')
          .append(family.name().toLowerCase(java.util.Locale.ROOT))
          .append(':')
          .append(sim.port(family));
    }
    List<String> served = expand(models);
    System.out.println(
        "simulator ("
            + preset
            + ") serving "
            + (served.size() > 10
                ? served.subList(0, 3)
                    + " … "
                    + served.get(served.size() - 1)
                    + " ("
                    + served.size()
                    + " models)"
                : served)
            + " on "
            + host
            + ports);
    new CountDownLatch(1).await();
    return ExitCode.PASSED;
  }

  @Override
  public String listenHost() {
    return host;
  }

  @Override
  public java.util.Map<Integer, String> ports() {
    java.util.Map<Integer, String> out = new java.util.LinkedHashMap<>();
    out.put(portBase != null ? portBase : port, portBase != null ? "--port-base" : "--port");
    if (!openAiOnly) {
      for (Family family : Family.values()) {
        if (family != Family.OPENAI) {
          out.put(
              portBase != null ? portBase + family.defaultPort() - 8000 : family.defaultPort(),
              "--port-base");
        }
      }
    }
    return out;
  }

  /** The simulator these options describe (an example's header is parsed into the same). */
  SimulatorConfig config() {
    List<Stall> parsed = new ArrayList<>();
    for (String s : stalls) {
      String[] parts = s.split("@");
      parsed.add(new Stall(Durations.parse(parts[1]), Durations.parse(parts[0])));
    }
    SimulatorConfig config =
        SimulatorConfig.defaults()
            .withHost(host)
            .withPort(portBase != null ? portBase : port)
            .withPreset(GpuPreset.byName(preset))
            .withModels(expand(models))
            .withSeed(seed)
            .withRequestLog(requestLog)
            .withStalls(parsed)
            .withGeneration(
                new Generation(
                    reasoning,
                    Generation.ReasoningFormat.valueOf(
                        reasoningFormat.toUpperCase(java.util.Locale.ROOT)),
                    prefixCache))
            .withLoggedHeaders(logHeaders);
    if (!openAiOnly) {
      for (Family family : Family.values()) {
        if (family != Family.OPENAI) {
          config =
              config.withFamily(
                  family,
                  portBase != null ? portBase + family.defaultPort() - 8000 : family.defaultPort());
        }
      }
      config =
          config.withSageMaker(new SageMakerConfig(sagemakerEndpoint, "us-east-1", null, null));
    }
    if (memoryGb != null) {
      String[] range = loadTime.split("-", 2);
      config =
          config.withHosting(
              new ModelHosting(
                  memoryGb,
                  modelSizeGb,
                  Durations.parse(range[0]),
                  Durations.parse(range.length > 1 ? range[1] : range[0]),
                  Durations.parse(coldStartWait)));
    }
    for (String fault : faults) {
      config = withFault(config, fault);
    }
    return config;
  }

  private static SimulatorConfig withFault(SimulatorConfig config, String text) {
    String[] parts = text.split(":", 2);
    Family family = Family.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    java.util.Map<String, String> rates = new java.util.HashMap<>();
    for (String kv : parts.length > 1 ? parts[1].split(",") : new String[0]) {
      String[] pair = kv.split("=", 2);
      rates.put(pair[0].trim(), pair.length > 1 ? pair[1].trim() : "");
    }
    return config.withFaults(
        family,
        new Faults(
            Double.parseDouble(rates.getOrDefault("error", "0")),
            Double.parseDouble(rates.getOrDefault("malformed", "0")),
            Double.parseDouble(rates.getOrDefault("drop", "0")),
            Double.parseDouble(rates.getOrDefault("throttle", "0")),
            Integer.parseInt(rates.getOrDefault("keepalive", "0"))));
  }
}
