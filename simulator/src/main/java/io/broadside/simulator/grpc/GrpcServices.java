package io.broadside.simulator.grpc;

import io.broadside.simulator.serve.Backend;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;

/**
 * The GRPC family: one Vert.x {@link GrpcServer} (the request handler of an h2c HTTP server) with
 * TGIS, Caikit NLP and KServe V2 bound; other methods get UNIMPLEMENTED from Vert.x. Runs on the
 * simulator's context.
 */
public final class GrpcServices {
  /** The largest request message served: 64 MiB. */
  static final long MAX_MESSAGE_BYTES = 64L << 20;

  private GrpcServices() {}

  /** The request handler serving every gRPC service of the family. */
  public static Handler<HttpServerRequest> handler(Vertx vertx, Backend backend) {
    // Vert.x takes messages of at most 256 KiB by default; Triton's limit is far higher, and an
    // image tensor is often more (224 × 224 × 3 FP32 is 588 KiB)
    GrpcServer server =
        GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(MAX_MESSAGE_BYTES));
    new TgisService(backend).bind(server);
    new CaikitGrpcService(backend).bind(server);
    new KserveGrpcService(backend).bind(server);
    return server;
  }
}
