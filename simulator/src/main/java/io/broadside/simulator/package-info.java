/**
 * An OpenAI-compatible model server whose timing comes from a model of one GPU with continuous
 * batching, so that a load generator can be tested with no GPU.
 *
 * <p>The public API is this package: {@link io.broadside.simulator.Simulator} (start and close),
 * its {@link io.broadside.simulator.SimulatorConfig} with {@link io.broadside.simulator.GpuPreset}
 * and {@link io.broadside.simulator.Stall}, and {@link io.broadside.simulator.RequestLogReader} for
 * tests that compare a client's numbers with the server's own record. Everything in sub-packages is
 * internal: {@code engine} (the batching model, pure Java, virtual time), {@code token} (token
 * counting and text), {@code openai} (the wire shapes and per-request state), {@code log} (the
 * JSONL request log) and {@code server} (the Vert.x glue that drives the engine from timers on one
 * context).
 */
package io.broadside.simulator;
