package io.broadside.simulator.grpc;

import io.broadside.simulator.serve.Backend;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.server.GrpcServer;

/**
 * The GRPC family: one Vert.x {@link GrpcServer} (the request handler of an h2c HTTP server) with
 * TGIS, Caikit NLP and KServe V2 bound; other methods get UNIMPLEMENTED from Vert.x. Runs on the
 * simulator's context.
 */
public final class GrpcServices {
  private GrpcServices() {}

  /** The request handler serving every gRPC service of the family. */
  public static Handler<HttpServerRequest> handler(Vertx vertx, Backend backend) {
    GrpcServer server = GrpcServer.server(vertx);
    new TgisService(backend).bind(server);
    new CaikitGrpcService(backend).bind(server);
    new KserveGrpcService(backend).bind(server);
    return server;
  }
}
