package io.broadside.agent.client.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TLS front on loopback for a plain server: terminates TLS (offering h2 and http/1.1 by ALPN,
 * optionally requiring a client certificate) and passes the bytes through. Records whether each
 * connection's first bytes were the HTTP/2 preface. For tests.
 */
final class TlsProxy {
  private final Vertx vertx;
  private final int upstreamPort;
  private final NetServerOptions options;
  final List<Boolean> http2Preface = new CopyOnWriteArrayList<>();
  final List<String> firstBytes = new CopyOnWriteArrayList<>();
  private NetServer server;
  private NetClient client;

  /**
   * @param certPem nullable: no TLS at all (a sniffing pass-through)
   * @param clientCaPem nullable: no client certificate asked
   */
  TlsProxy(Vertx vertx, int upstreamPort, Path certPem, Path keyPem, Path clientCaPem) {
    this.vertx = vertx;
    this.upstreamPort = upstreamPort;
    this.options = new NetServerOptions();
    if (certPem != null) {
      options
          .setSsl(true)
          .setUseAlpn(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(certPem.toString())
                  .setKeyPath(keyPem.toString()));
      options.getSslOptions().setApplicationLayerProtocols(List.of("h2", "http/1.1"));
      if (clientCaPem != null) {
        options
            .setClientAuth(ClientAuth.REQUIRED)
            .setTrustOptions(new PemTrustOptions().addCertPath(clientCaPem.toString()));
      }
    }
  }

  Future<Integer> start() {
    client = vertx.createNetClient();
    server = vertx.createNetServer(options).connectHandler(this::accept);
    return server.listen(0, "127.0.0.1").map(NetServer::actualPort);
  }

  private void accept(NetSocket downstream) {
    downstream.pause();
    client
        .connect(upstreamPort, "127.0.0.1")
        .onFailure(e -> downstream.close())
        .onSuccess(
            upstream -> {
              boolean[] first = {true};
              downstream.handler(
                  b -> {
                    if (first[0]) {
                      first[0] = false;
                      http2Preface.add(b.toString().startsWith("PRI * HTTP/2.0"));
                      firstBytes.add(b.toString());
                    }
                    upstream.write(b);
                  });
              downstream.closeHandler(v -> upstream.close());
              upstream.handler(downstream::write);
              upstream.closeHandler(v -> downstream.close());
              downstream.resume();
            });
  }

  Future<Void> close() {
    return server.close().eventually(() -> client.close());
  }
}
