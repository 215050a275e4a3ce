package io.broadside.common.plan;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The endpoint under test.
 *
 * @param name the plan's short name for the target, used as a bounded metric label
 * @param url base URL; the protocol's paths are appended (a prefix such as {@code /openai} kept)
 * @param stream whether to ask for a streamed answer (only for protocols that stream)
 * @param auth nullable
 * @param headers extra request headers (values are literal; secrets come from {@link Auth})
 * @param http2 speak HTTP/2: h2c with prior knowledge on http, offered by ALPN on https (gRPC
 *     protocols always speak HTTP/2)
 * @param tls TLS options for https
 * @param sagemaker nullable: for {@link TargetProtocol#SAGEMAKER} only
 * @param template nullable: for {@link TargetProtocol#HTTP} only
 * @param tensors the input tensors of KServe predict and infer requests, empty otherwise
 * @param tools nullable: for {@link TargetProtocol#OPENAI_CHAT}, the {@code tools} each request
 *     offers, as JSON (an array of function definitions)
 * @param toolChoice nullable: with {@code tools}, the request's {@code tool_choice} as JSON
 * @param documents for {@link TargetProtocol#RERANK}, the documents each query is ranked against;
 *     empty otherwise
 */
public record Target(
    String name,
    TargetProtocol protocol,
    URI url,
    boolean stream,
    Duration timeout,
    Auth auth,
    Map<String, String> headers,
    boolean http2,
    Tls tls,
    SageMaker sagemaker,
    HttpTemplate template,
    List<Tensor> tensors,
    String tools,
    String toolChoice,
    List<String> documents) {

  public Target {
    headers = Map.copyOf(headers);
    tensors = List.copyOf(tensors);
    documents = documents == null ? List.of() : List.copyOf(documents);
  }

  /** A target that offers no tools. */
  public Target(
      String name,
      TargetProtocol protocol,
      URI url,
      boolean stream,
      Duration timeout,
      Auth auth,
      Map<String, String> headers,
      boolean http2,
      Tls tls,
      SageMaker sagemaker,
      HttpTemplate template,
      List<Tensor> tensors) {
    this(
        name, protocol, url, stream, timeout, auth, headers, http2, tls, sagemaker, template,
        tensors, null, null, List.of());
  }

  /** A plain target with no auth, headers, TLS options or protocol extras. */
  public static Target of(String name, TargetProtocol protocol, URI url, boolean stream) {
    return new Target(
        name,
        protocol,
        url,
        stream,
        TargetReader.DEFAULT_TIMEOUT,
        null,
        Map.of(),
        false,
        Tls.DEFAULT,
        null,
        null,
        List.of());
  }

  /** The same target at another base URL (a model's own). */
  public Target withUrl(URI other) {
    return new Target(
        name,
        protocol,
        other,
        stream,
        timeout,
        auth,
        headers,
        http2,
        tls,
        sagemaker,
        template,
        tensors,
        tools,
        toolChoice,
        documents);
  }
}
