package io.broadside.common.plan;

import java.util.Arrays;
import java.util.Optional;

/**
 * The wire protocol a target speaks (PROTOCOLS.md); {@link #wireName()} is the plan's spelling.
 *
 * <p>{@link #generative()} protocols answer with output tokens, so a response without any is a
 * {@code validation} failure; the others (KServe predict and infer) answer with tensors and are
 * measured by latency alone. {@link #streams()} protocols can answer with a stream of chunks.
 */
public enum TargetProtocol {
  OPENAI_CHAT(true, true, false),
  OPENAI_COMPLETIONS(true, true, false),
  /** OpenAI's Responses API, {@code /v1/responses}, streamed as typed events. */
  OPENAI_RESPONSES(true, true, false),
  /** Hugging Face TGI's native {@code /generate} and {@code /generate_stream}. */
  TGI(true, true, false),
  /** IBM TGIS, gRPC {@code fmaas.GenerationService}. */
  TGIS(true, true, true),
  /** Caikit NLP over gRPC ({@code caikit.runtime.Nlp.NlpService}, model in {@code mm-model-id}). */
  CAIKIT(true, true, true),
  /** Caikit NLP over HTTP ({@code /api/v1/task/…text-generation}). */
  CAIKIT_HTTP(true, true, false),
  /** KServe V1 {@code :predict}. */
  KSERVE_V1(false, false, false),
  /** Open Inference Protocol (KServe V2) REST {@code /v2/models/{name}/infer}. */
  KSERVE_V2(false, false, false),
  /** Open Inference Protocol (KServe V2) gRPC {@code ModelInfer}. */
  KSERVE_V2_GRPC(false, false, true),
  /** Triton's generate extension, {@code /v2/models/{name}/generate[_stream]}. */
  TRITON_GENERATE(true, true, false),
  /** Amazon SageMaker {@code InvokeEndpoint} and {@code InvokeEndpointWithResponseStream}. */
  SAGEMAKER(true, true, false),
  /** Any JSON endpoint, from the plan's request template. */
  HTTP(true, false, false),
  /**
   * OpenAI-compatible embeddings, {@code /v1/embeddings}: measured by latency, requests and the
   * input tokens the server counted.
   */
  EMBEDDINGS(false, false, false),
  /**
   * vLLM's and Cohere's {@code /v1/rerank}: each prompt as the query against the plan's documents.
   */
  RERANK(false, false, false);

  private final boolean generative;
  private final boolean streams;
  private final boolean grpc;

  TargetProtocol(boolean generative, boolean streams, boolean grpc) {
    this.generative = generative;
    this.streams = streams;
    this.grpc = grpc;
  }

  public String wireName() {
    return Fields.spelling(this);
  }

  public boolean generative() {
    return generative;
  }

  public boolean streams() {
    return streams;
  }

  public boolean grpc() {
    return grpc;
  }

  /** Whether a request carries chat messages, so a conversation's history can be sent. */
  public boolean chat() {
    return this == OPENAI_CHAT || this == OPENAI_RESPONSES;
  }

  public static Optional<TargetProtocol> fromWireName(String text) {
    return Arrays.stream(values()).filter(p -> p.wireName().equals(text)).findFirst();
  }
}
