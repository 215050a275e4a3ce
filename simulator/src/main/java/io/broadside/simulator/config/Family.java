package io.broadside.simulator.config;

/**
 * A protocol family the simulator speaks, one per port (PROTOCOLS.md). Every family is served by
 * the same simulated GPU, vocabulary, request log, model hosting and fault injector.
 */
public enum Family {
  /** OpenAI-compatible HTTP ({@code /v1/…} and {@code /openai/v1/…}), like vLLM. */
  OPENAI(8000),
  /** gRPC over h2c: TGIS {@code fmaas.GenerationService}, Caikit NLP, KServe V2 inference. */
  GRPC(8033),
  /** Hugging Face TGI's native HTTP API ({@code /generate}, {@code /generate_stream}). */
  TGI(8001),
  /** KServe V1 and Open Inference Protocol V2 REST, with Triton's generate extension. */
  KSERVE(8002),
  /** Caikit's HTTP API ({@code /api/v1/task/…}). */
  CAIKIT_HTTP(8003),
  /** Amazon SageMaker Runtime ({@code /endpoints/{name}/invocations…}). */
  SAGEMAKER(8004);

  private final int defaultPort;

  Family(int defaultPort) {
    this.defaultPort = defaultPort;
  }

  /** The port this family binds unless configured otherwise. */
  public int defaultPort() {
    return defaultPort;
  }
}
