package io.broadside.simulator.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a {@link Simulator}. Immutable; change a field with its {@code with…} method.
 *
 * @param host the address to bind, {@code 127.0.0.1} by default
 * @param ports the enabled protocol families and their ports (0 for an ephemeral one); at least one
 * @param preset the simulated GPU, shared by every family
 * @param models the model names served, the first being the default when a request names none
 * @param seed makes ids, token text, load times and faults deterministic
 * @param requestLog where to write one JSONL line per finished request, or {@code null} for no log
 * @param stalls pauses of the engine, measured from the first request's arrival
 * @param roleChunkEarly whether a streamed chat answer sends its role-only chunk at arrival (as
 *     vLLM does) rather than right before its first token
 * @param hosting multi-model hosting, or {@code null} for every model always loaded
 * @param faults the faults injected per family; a family absent has none
 * @param readyStyle how the KServe family's V2 readiness routes answer
 * @param sagemaker the SageMaker family's endpoint name, region and credentials
 * @param generation reasoning streamed first and the prefix cache, both off by default
 * @param loggedHeaders request headers whose values the request log keeps (a session's, a
 *     tenant's), by name; none by default (the log never keeps a header it is not told to)
 */
public record SimulatorConfig(
    String host,
    Map<Family, Integer> ports,
    GpuPreset preset,
    List<String> models,
    long seed,
    Path requestLog,
    List<Stall> stalls,
    boolean roleChunkEarly,
    ModelHosting hosting,
    Map<Family, Faults> faults,
    ReadyStyle readyStyle,
    SageMakerConfig sagemaker,
    Generation generation,
    List<String> loggedHeaders) {

  /** The default HTTP port of the OpenAI family (DESIGN.md §7). */
  public static final int DEFAULT_PORT = 8000;

  /** Copies the maps and lists and rejects a bad port, no family or an empty model list. */
  public SimulatorConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(readyStyle, "readyStyle");
    Objects.requireNonNull(sagemaker, "sagemaker");
    Objects.requireNonNull(generation, "generation");
    models = List.copyOf(models);
    stalls = List.copyOf(stalls);
    loggedHeaders = List.copyOf(loggedHeaders);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("at least one protocol family is needed");
    }
    ports.forEach(
        (family, port) -> {
          if (port == null || port < 0 || port > 65_535) {
            throw new IllegalArgumentException(family + " port must be 0-65535, was " + port);
          }
        });
    ports = Collections.unmodifiableMap(new EnumMap<>(ports));
    faults = faults.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(faults));
    if (models.isEmpty()) {
      throw new IllegalArgumentException("at least one model is needed");
    }
  }

  /**
   * 127.0.0.1, only the OPENAI family on 8000, preset {@code llama-7b-1gpu}, model {@code
   * llama-2-7b}, seed 42, no log, no stalls, role chunk early, no hosting, no faults, KServe-style
   * readiness, SageMaker endpoint {@code broadside-sim} with no signature check.
   */
  public static SimulatorConfig defaults() {
    return new SimulatorConfig(
        "127.0.0.1",
        Map.of(Family.OPENAI, DEFAULT_PORT),
        GpuPreset.LLAMA_7B_1GPU,
        List.of("llama-2-7b"),
        42,
        null,
        List.of(),
        true,
        null,
        Map.of(),
        ReadyStyle.KSERVE,
        SageMakerConfig.defaults(),
        Generation.PLAIN,
        List.of());
  }

  /** The OPENAI family's configured port, or -1 when that family is not enabled. */
  public int port() {
    return ports.getOrDefault(Family.OPENAI, -1);
  }

  /** The faults of {@code family}, {@link Faults#NONE} when none are configured. */
  public Faults faultsOf(Family family) {
    return faults.getOrDefault(family, Faults.NONE);
  }

  public SimulatorConfig withHost(String h) {
    return copy(b -> b.host = h);
  }

  /** Sets the OPENAI family's port (enabling it), 0 for an ephemeral one. */
  public SimulatorConfig withPort(int p) {
    return withFamily(Family.OPENAI, p);
  }

  /** Enables {@code family} on {@code p} (0 = ephemeral), or moves it there. */
  public SimulatorConfig withFamily(Family family, int p) {
    return copy(b -> b.ports.put(family, p));
  }

  /** Enables every family, each on an ephemeral port: for tests. */
  public SimulatorConfig withAllFamilies() {
    return copy(
        b -> {
          for (Family f : Family.values()) {
            b.ports.put(f, 0);
          }
        });
  }

  /** Moves every enabled family to an ephemeral port: for tests. */
  public SimulatorConfig withEphemeralPorts() {
    return copy(b -> b.ports.replaceAll((f, port) -> 0));
  }

  public SimulatorConfig withPreset(GpuPreset p) {
    return copy(b -> b.preset = p);
  }

  public SimulatorConfig withModels(List<String> m) {
    return copy(b -> b.models = m);
  }

  public SimulatorConfig withSeed(long s) {
    return copy(b -> b.seed = s);
  }

  /** Sets the request log file, or {@code null} for none. */
  public SimulatorConfig withRequestLog(Path log) {
    return copy(b -> b.requestLog = log);
  }

  public SimulatorConfig withStalls(List<Stall> s) {
    return copy(b -> b.stalls = s);
  }

  public SimulatorConfig withRoleChunkEarly(boolean early) {
    return copy(b -> b.roleChunkEarly = early);
  }

  /** Sets multi-model hosting, or {@code null} for every model always loaded. */
  public SimulatorConfig withHosting(ModelHosting h) {
    return copy(b -> b.hosting = h);
  }

  /** Injects {@code f} into {@code family}'s answers ({@link Faults#NONE} to clear). */
  public SimulatorConfig withFaults(Family family, Faults f) {
    return copy(b -> b.faults.put(family, f));
  }

  public SimulatorConfig withReadyStyle(ReadyStyle r) {
    return copy(b -> b.readyStyle = r);
  }

  public SimulatorConfig withSageMaker(SageMakerConfig s) {
    return copy(b -> b.sagemaker = s);
  }

  /** Keeps the values of these request headers in the request log. */
  public SimulatorConfig withLoggedHeaders(List<String> names) {
    return copy(b -> b.loggedHeaders = names);
  }

  public SimulatorConfig withGeneration(Generation g) {
    return copy(b -> b.generation = g);
  }

  /** A copy with the fields {@code change} sets. */
  private SimulatorConfig copy(java.util.function.Consumer<Copy> change) {
    Copy b = new Copy(this);
    change.accept(b);
    return new SimulatorConfig(
        b.host,
        b.ports,
        b.preset,
        b.models,
        b.seed,
        b.requestLog,
        b.stalls,
        b.roleChunkEarly,
        b.hosting,
        b.faults,
        b.readyStyle,
        b.sagemaker,
        b.generation,
        b.loggedHeaders);
  }

  /** The mutable fields of a copy in the making. */
  private static final class Copy {
    String host;
    final Map<Family, Integer> ports = new EnumMap<>(Family.class);
    GpuPreset preset;
    List<String> models;
    long seed;
    Path requestLog;
    List<Stall> stalls;
    boolean roleChunkEarly;
    ModelHosting hosting;
    final Map<Family, Faults> faults = new EnumMap<>(Family.class);
    ReadyStyle readyStyle;
    SageMakerConfig sagemaker;
    Generation generation;
    List<String> loggedHeaders;

    Copy(SimulatorConfig c) {
      host = c.host;
      ports.putAll(c.ports);
      preset = c.preset;
      models = c.models;
      seed = c.seed;
      requestLog = c.requestLog;
      stalls = c.stalls;
      roleChunkEarly = c.roleChunkEarly;
      hosting = c.hosting;
      faults.putAll(c.faults);
      readyStyle = c.readyStyle;
      sagemaker = c.sagemaker;
      generation = c.generation;
      loggedHeaders = c.loggedHeaders;
    }
  }
}
