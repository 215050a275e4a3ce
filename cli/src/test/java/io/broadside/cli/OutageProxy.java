package io.broadside.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * A TCP proxy on loopback that can go down: {@link #outage} closes every connection through it and
 * refuses new ones for a while, as a broken network between agent and coordinator would.
 */
final class OutageProxy {
  private final Vertx vertx;
  private final NetClient client;
  private final int targetPort;
  private final Set<NetSocket> open = new HashSet<>();
  private NetServer server;
  private volatile boolean down;

  private OutageProxy(Vertx vertx, int targetPort) {
    this.vertx = vertx;
    this.client = vertx.createNetClient();
    this.targetPort = targetPort;
  }

  static Future<OutageProxy> start(Vertx vertx, int targetPort) {
    OutageProxy proxy = new OutageProxy(vertx, targetPort);
    return vertx
        .createNetServer()
        .connectHandler(proxy::accept)
        .listen(0, "127.0.0.1")
        .map(
            s -> {
              proxy.server = s;
              return proxy;
            });
  }

  int port() {
    return server.actualPort();
  }

  /** Cuts every connection now and refuses new ones for {@code duration}. */
  void outage(Duration duration) {
    vertx.runOnContext(
        v -> {
          down = true;
          Set.copyOf(open).forEach(NetSocket::close);
          vertx.setTimer(duration.toMillis(), t -> down = false);
        });
  }

  private void accept(NetSocket in) {
    if (down) {
      in.close();
      return;
    }
    in.pause();
    client
        .connect(targetPort, "127.0.0.1")
        .onFailure(e -> in.close())
        .onSuccess(
            out -> {
              open.add(in);
              open.add(out);
              in.handler(out::write);
              out.handler(in::write);
              in.closeHandler(v -> close(in, out));
              out.closeHandler(v -> close(in, out));
              in.resume();
            });
  }

  private void close(NetSocket a, NetSocket b) {
    open.remove(a);
    open.remove(b);
    a.close();
    b.close();
  }
}
