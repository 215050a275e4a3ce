/**
 * Model servers of every target protocol family — OpenAI-compatible, TGI, KServe V1/V2 with
 * Triton's generate extension, Caikit HTTP, gRPC (TGIS, Caikit NLP, KServe V2) and SageMaker
 * Runtime — whose timing comes from one model of one GPU with continuous batching, so that a load
 * generator can be tested with no GPU.
 *
 * <p>The public API is this package: {@link io.broadside.simulator.Simulator} (start, ports per
 * {@link io.broadside.simulator.config.Family}, hosting counters, close), its {@link
 * io.broadside.simulator.config.SimulatorConfig} with {@link
 * io.broadside.simulator.config.GpuPreset}, {@link io.broadside.simulator.config.Stall}, {@link
 * io.broadside.simulator.config.ModelHosting}, {@link io.broadside.simulator.config.Faults}, {@link
 * io.broadside.simulator.config.ReadyStyle} and {@link
 * io.broadside.simulator.config.SageMakerConfig}, and {@link
 * io.broadside.simulator.log.RequestLogReader} for tests that compare a client's numbers with the
 * server's own record. Everything in sub-packages is internal: {@code engine} (the batching model,
 * pure Java, virtual time), {@code token} (token counting and text), {@code serve} (what every
 * family shares: the backend and the per-request exchange), {@code hosting} (multi-model memory,
 * loads and LRU unloading), {@code fault} (fault draws), one package per family's wire shapes
 * ({@code openai}, {@code tgi}, {@code kserve}, {@code caikit}, {@code grpc}, {@code sagemaker}),
 * {@code log} (the JSONL request log) and {@code server} (the verticle that binds one server per
 * family and drives the engine from timers). Everything runs on the simulator's one Vert.x context.
 */
package io.broadside.simulator;
