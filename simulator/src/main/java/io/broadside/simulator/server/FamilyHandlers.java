package io.broadside.simulator.server;

import io.broadside.simulator.caikit.CaikitHttpHandler;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.grpc.GrpcServices;
import io.broadside.simulator.kserve.KserveRouter;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.openai.CompletionHandler;
import io.broadside.simulator.openai.ModelsHandler;
import io.broadside.simulator.sagemaker.SageMakerHandler;
import io.broadside.simulator.serve.Backend;
import io.broadside.simulator.tgi.TgiHandler;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/** Builds the request handler of each family's HTTP server. Runs on the simulator's context. */
final class FamilyHandlers {
  private final Vertx vertx;
  private final Backend backend;
  private final EpochMicroClock clock;

  FamilyHandlers(Vertx vertx, Backend backend, EpochMicroClock clock) {
    this.vertx = vertx;
    this.backend = backend;
    this.clock = clock;
  }

  /** Warms up every family's parsing and framing. Blocking: call on a worker thread. */
  static void warmUp() {
    SageMakerHandler.warmUp();
  }

  Handler<HttpServerRequest> of(Family family) {
    return switch (family) {
      case OPENAI ->
          new HttpRouter(
              new CompletionHandler(backend, backend.config().roleChunkEarly()),
              new ModelsHandler(backend.models(), clock.nowMicros() / 1_000_000),
              backend.metrics(),
              new io.broadside.simulator.openai.InputOnlyHandler(backend),
              new io.broadside.simulator.openai.ResponsesHandler(backend));
      case TGI -> new TgiHandler(backend);
      case KSERVE -> new KserveRouter(backend);
      case CAIKIT_HTTP -> new CaikitHttpHandler(backend);
      case GRPC -> GrpcServices.handler(vertx, backend);
      case SAGEMAKER -> new SageMakerHandler(backend);
    };
  }
}
