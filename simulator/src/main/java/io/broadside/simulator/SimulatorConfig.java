package io.broadside.simulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to run a {@link Simulator}. Immutable; change a field with its {@code with…} method.
 *
 * @param host the address to bind, {@code 127.0.0.1} by default
 * @param port the HTTP port, 0 for an ephemeral one
 * @param preset the simulated GPU
 * @param models the model names served, the first being the default when a request names none
 * @param seed makes ids and token text deterministic
 * @param requestLog where to write one JSONL line per finished request, or {@code null} for no log
 * @param stalls pauses of the engine, measured from the first request's arrival
 * @param roleChunkEarly whether a streamed chat answer sends its role-only chunk at arrival (as
 *     vLLM does) rather than right before its first token
 */
public record SimulatorConfig(
    String host,
    int port,
    GpuPreset preset,
    List<String> models,
    long seed,
    Path requestLog,
    List<Stall> stalls,
    boolean roleChunkEarly) {

  /** The default HTTP port (DESIGN.md §7). */
  public static final int DEFAULT_PORT = 8000;

  /** Copies the lists and rejects a bad port or an empty model list. */
  public SimulatorConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(preset, "preset");
    models = List.copyOf(models);
    stalls = List.copyOf(stalls);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535, was " + port);
    }
    if (models.isEmpty()) {
      throw new IllegalArgumentException("at least one model is needed");
    }
  }

  /**
   * 127.0.0.1:8000, preset {@code llama-7b-1gpu}, model {@code llama-2-7b}, seed 42, no log, no
   * stalls, role chunk early.
   */
  public static SimulatorConfig defaults() {
    return new SimulatorConfig(
        "127.0.0.1",
        DEFAULT_PORT,
        GpuPreset.LLAMA_7B_1GPU,
        List.of("llama-2-7b"),
        42,
        null,
        List.of(),
        true);
  }

  public SimulatorConfig withHost(String h) {
    return new SimulatorConfig(h, port, preset, models, seed, requestLog, stalls, roleChunkEarly);
  }

  public SimulatorConfig withPort(int p) {
    return new SimulatorConfig(host, p, preset, models, seed, requestLog, stalls, roleChunkEarly);
  }

  public SimulatorConfig withPreset(GpuPreset p) {
    return new SimulatorConfig(host, port, p, models, seed, requestLog, stalls, roleChunkEarly);
  }

  public SimulatorConfig withModels(List<String> m) {
    return new SimulatorConfig(host, port, preset, m, seed, requestLog, stalls, roleChunkEarly);
  }

  public SimulatorConfig withSeed(long s) {
    return new SimulatorConfig(host, port, preset, models, s, requestLog, stalls, roleChunkEarly);
  }

  /** Sets the request log file, or {@code null} for none. */
  public SimulatorConfig withRequestLog(Path log) {
    return new SimulatorConfig(host, port, preset, models, seed, log, stalls, roleChunkEarly);
  }

  public SimulatorConfig withStalls(List<Stall> s) {
    return new SimulatorConfig(host, port, preset, models, seed, requestLog, s, roleChunkEarly);
  }

  public SimulatorConfig withRoleChunkEarly(boolean early) {
    return new SimulatorConfig(host, port, preset, models, seed, requestLog, stalls, early);
  }
}
