package io.broadside.agent.client.protocols;

import io.broadside.agent.client.TargetClient;
import io.broadside.agent.client.caikit.CaikitGrpcClients;
import io.broadside.agent.client.caikit.CaikitHttpDialect;
import io.broadside.agent.client.grpc.GrpcTransport;
import io.broadside.agent.client.http.HttpDialect;
import io.broadside.agent.client.http.HttpTargetClient;
import io.broadside.agent.client.http.HttpTargetClient.Readiness;
import io.broadside.agent.client.http.HttpTransport;
import io.broadside.agent.client.kserve.KserveDialects;
import io.broadside.agent.client.kserve.KserveGrpcClients;
import io.broadside.agent.client.openai.InputOnlyDialects;
import io.broadside.agent.client.openai.OpenAiDialect;
import io.broadside.agent.client.openai.ResponsesDialect;
import io.broadside.agent.client.sagemaker.SageMakerDialect;
import io.broadside.agent.client.sagemaker.SigV4Signer;
import io.broadside.agent.client.template.TemplateDialect;
import io.broadside.agent.client.tgi.TgiDialect;
import io.broadside.agent.client.tgis.TgisClients;
import io.broadside.agent.client.triton.TritonGenerateDialect;
import io.broadside.common.plan.Auth;
import io.broadside.common.plan.Target;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Makes the client of a target's protocol. Call on the lane's event loop that will use it. */
public final class TargetClients {
  private TargetClients() {}

  /**
   * A client that sends prepared KServe payloads from the first on.
   *
   * @param sourceHost nullable: the local address connections leave from
   */
  public static TargetClient create(Vertx vertx, PreparedTarget prepared, String sourceHost) {
    return create(vertx, prepared, sourceHost, 0);
  }

  /**
   * @param sourceHost nullable: the local address connections leave from
   * @param firstPayload where this client starts in the KServe requests prepared one per image
   *     (taken modulo their number), so that lanes and agents do not all send the same image
   */
  public static TargetClient create(
      Vertx vertx, PreparedTarget prepared, String sourceHost, int firstPayload) {
    Target target = prepared.target();
    if (target.protocol().grpc()) {
      GrpcTransport grpc = new GrpcTransport(vertx, target, prepared.secrets(), sourceHost);
      return switch (target.protocol()) {
        case TGIS -> TgisClients.create(grpc, target.stream());
        case CAIKIT -> CaikitGrpcClients.create(grpc, target.stream());
        default -> KserveGrpcClients.create(grpc, prepared.kserve().grpcRequests(), firstPayload);
      };
    }
    HttpTransport http = new HttpTransport(vertx, target, prepared.secrets(), sourceHost);
    String base = http.basePath();
    boolean stream = target.stream();
    Readiness always = (t, model) -> Future.succeededFuture(true);
    HttpDialect dialect;
    Readiness readiness = always;
    switch (target.protocol()) {
      case OPENAI_CHAT, OPENAI_COMPLETIONS ->
          dialect =
              new OpenAiDialect(
                  target.protocol(), base, stream, target.tools(), target.toolChoice());
      case TGI -> {
        dialect = new TgiDialect(base, stream);
        readiness = Readiness.health("/health");
      }
      case CAIKIT_HTTP -> {
        dialect = new CaikitHttpDialect(base, stream);
        readiness = Readiness.health("/health");
      }
      case TRITON_GENERATE -> {
        dialect = new TritonGenerateDialect(base, stream);
        readiness = KserveDialects.v2Readiness();
      }
      case KSERVE_V1 -> {
        dialect = KserveDialects.v1(base, prepared.kserve().tensors());
        readiness = KserveDialects.v1Readiness();
      }
      case KSERVE_V2 -> {
        dialect = KserveDialects.v2(base, prepared.kserve().v2Bodies(), firstPayload);
        readiness = KserveDialects.v2Readiness();
      }
      case SAGEMAKER -> {
        SigV4Signer signer =
            target.auth() instanceof Auth.SigV4 s
                ? new SigV4Signer(
                    vertx, prepared.secrets().aws(), prepared.secrets().awsIdentity(), s.region())
                : null;
        dialect =
            new SageMakerDialect(
                target.sagemaker(),
                base,
                stream,
                target.url().getScheme(),
                http.authority(),
                signer);
      }
      case HTTP -> dialect = new TemplateDialect(target.template(), base);
      case OPENAI_RESPONSES -> dialect = new ResponsesDialect(base, stream);
      case EMBEDDINGS -> dialect = InputOnlyDialects.embeddings(base);
      case RERANK -> dialect = InputOnlyDialects.rerank(base, target.documents());
      default -> throw new IllegalArgumentException("no HTTP client for " + target.protocol());
    }
    return new HttpTargetClient(http, dialect, readiness);
  }
}
