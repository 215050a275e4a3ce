package io.broadside.agent.client.sagemaker;

import io.broadside.agent.client.ExchangeSink;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.http.HttpCall;
import io.broadside.agent.client.http.HttpDialect;
import io.broadside.agent.client.http.Json;
import io.broadside.agent.client.http.JsonBodyDecoder;
import io.broadside.agent.client.http.ResponseDecoder;
import io.broadside.agent.client.tgi.TgiDialect;
import io.broadside.agent.client.tgi.TgiEvents;
import io.broadside.common.plan.SageMaker;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;

/**
 * Amazon SageMaker runtime (PROTOCOLS.md §4): {@code InvokeEndpoint} and {@code
 * InvokeEndpointWithResponseStream} of an endpoint serving a Hugging Face TGI container (request
 * and answer in TGI's shapes), the model named per request by the multi-model {@code
 * X-Amzn-SageMaker-Target-Model} header or the {@code X-Amzn-SageMaker-Inference-Component} header,
 * each request signed with SigV4 just before it is sent. SageMaker's errors are classified by
 * {@code x-amzn-ErrorType}: {@code model_not_ready}, {@code model_error}, {@code throttled}.
 */
public final class SageMakerDialect implements HttpDialect {
  static final String TARGET_MODEL = "X-Amzn-SageMaker-Target-Model";
  static final String INFERENCE_COMPONENT = "X-Amzn-SageMaker-Inference-Component";
  static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";

  private final SageMaker config;
  private final String path;
  private final boolean stream;
  private final String scheme;
  private final String authority;
  private final SigV4Signer signer;

  /**
   * @param signer nullable: no signing (a plan without {@code auth: sigv4})
   * @param authority the {@code Host} the transport sends, which SigV4 signs
   */
  public SageMakerDialect(
      SageMaker config,
      String basePath,
      boolean stream,
      String scheme,
      String authority,
      SigV4Signer signer) {
    this.config = config;
    this.path =
        basePath
            + "/endpoints/"
            + config.endpoint()
            + (stream ? "/invocations-response-stream" : "/invocations");
    this.stream = stream;
    this.scheme = scheme;
    this.authority = authority;
    this.signer = signer;
  }

  @Override
  public HttpCall call(TargetRequest request) {
    Buffer body = TgiDialect.body(request);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
    if (stream) {
      headers.set("X-Amzn-SageMaker-Accept", "text/event-stream");
    } else {
      headers.set(HttpHeaders.ACCEPT, "application/json");
    }
    switch (config.route()) {
      case TARGET_MODEL -> headers.set(TARGET_MODEL, request.model());
      case INFERENCE_COMPONENT -> headers.set(INFERENCE_COMPONENT, request.model());
      case NONE -> {}
    }
    if (config.customAttributes() != null) {
      headers.set(CUSTOM_ATTRIBUTES, config.customAttributes());
    }
    if (signer != null) {
      Map<String, List<String>> signed =
          signer.sign(scheme + "://" + authority + path, headers, body.getBytes());
      signed.forEach(
          (name, values) -> {
            if (!"host".equalsIgnoreCase(name)) {
              headers.set(name, values);
            }
          });
    }
    return new HttpCall(HttpMethod.POST, path, body, headers, stream);
  }

  @Override
  public ResponseDecoder decoder(HttpClientResponse response, ExchangeSink sink) {
    if (!stream) {
      return new JsonBodyDecoder(sink, (body, s) -> TgiEvents.unary(Json.tree(body), null, s));
    }
    return new EventStreamDecoder(sink);
  }

  @Override
  public String errorClass(int status, MultiMap headers, Buffer body) {
    String type = headers.get("x-amzn-ErrorType");
    if (type != null) {
      int colon = type.indexOf(':');
      String code = colon >= 0 ? type.substring(0, colon) : type;
      switch (code) {
        case "ModelNotReadyException":
          return "model_not_ready";
        case "ModelError":
          return "model_error";
        case "ThrottlingException", "TooManyRequestsException", "ThrottledException":
          return "throttled";
        default:
          break;
      }
    }
    return HttpDialect.super.errorClass(status, headers, body);
  }
}
