package io.broadside.agent.client.kit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * A TCP proxy on loopback that passes the client's bytes through as they come and re-splits the
 * server's bytes into pieces of 1 to 7 bytes, each written only after the previous one was flushed,
 * so the client reads the answer in arbitrary small splits (mid-frame, mid-JSON, mid-character).
 * Seeded; for tests.
 */
final class SplittingProxy {
  private final Vertx vertx;
  private final int upstreamPort;
  private final Random random = new Random(7);
  private NetServer server;
  private NetClient client;

  SplittingProxy(Vertx vertx, int upstreamPort) {
    this.vertx = vertx;
    this.upstreamPort = upstreamPort;
  }

  Future<Integer> start() {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(this::accept);
    return server.listen(0, "127.0.0.1").map(NetServer::actualPort);
  }

  private void accept(NetSocket downstream) {
    downstream.pause();
    client
        .connect(upstreamPort, "127.0.0.1")
        .onFailure(e -> downstream.close())
        .onSuccess(
            upstream -> {
              downstream.handler(upstream::write);
              downstream.closeHandler(v -> upstream.close());
              Splitter splitter = new Splitter(downstream);
              upstream.handler(splitter::add);
              upstream.closeHandler(v -> splitter.closeAfterDrain());
              downstream.resume();
            });
  }

  Future<Void> close() {
    return server.close().eventually(() -> client.close());
  }

  /** Writes the server's bytes downstream in small pieces, one after another. */
  private final class Splitter {
    private final NetSocket downstream;
    private final io.vertx.core.Context context = Vertx.currentContext();
    private final ArrayDeque<Buffer> pending = new ArrayDeque<>();
    private boolean writing;
    private boolean closing;

    Splitter(NetSocket downstream) {
      this.downstream = downstream;
    }

    void add(Buffer bytes) {
      for (int i = 0; i < bytes.length(); ) {
        int n = Math.min(bytes.length() - i, 1 + random.nextInt(7));
        pending.add(bytes.getBuffer(i, i + n));
        i += n;
      }
      next();
    }

    void closeAfterDrain() {
      closing = true;
      next();
    }

    private void next() {
      if (writing) {
        return;
      }
      Buffer piece = pending.poll();
      if (piece == null) {
        if (closing) {
          downstream.close();
        }
        return;
      }
      writing = true;
      downstream
          .write(piece)
          .onComplete(
              ar -> {
                writing = false;
                if (ar.succeeded()) {
                  // the next piece in a task of its own: a write that completes at once must not
                  // recurse through the whole answer
                  context.runOnContext(v -> next());
                } else {
                  pending.clear();
                }
              });
    }
  }
}
