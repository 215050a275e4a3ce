package io.broadside.agent.client.kit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * A TCP proxy on loopback between a client and the simulator that misbehaves in one way, as
 * networks and servers do: the client's bytes go through, and the server's answer is reset midway,
 * never sent (half-open), trickled a byte a second, cut mid-event, replaced by garbage, or held for
 * 2 s. Seeded; for tests. Its sockets are counted, so a test can tell they all closed.
 */
final class FaultProxy {
  enum Fault {
    /** The first half of the answer's first bytes, then a TCP reset. */
    RESET_MID_RESPONSE,
    /** The request goes through, the answer never comes back, and no FIN either. */
    HALF_OPEN,
    /** The answer one byte a second. */
    SLOWLORIS,
    /** The answer up to a few bytes into its first event ({@code data:}), then a FIN. */
    CUT_MID_EVENT,
    /** 512 random bytes instead of the answer, then a FIN. */
    GARBAGE,
    /** The answer held for 2 s, then passed on whole. */
    LATENCY_SPIKE
  }

  private final Vertx vertx;
  private final int upstreamPort;
  private final Fault fault;
  private final Random random = new Random(11);
  private final Set<NetSocket> open = new HashSet<>();
  private final Set<Long> timers = new HashSet<>();
  private NetServer server;
  private NetClient client;

  FaultProxy(Vertx vertx, int upstreamPort, Fault fault) {
    this.vertx = vertx;
    this.upstreamPort = upstreamPort;
    this.fault = fault;
  }

  Future<Integer> start() {
    client = vertx.createNetClient();
    // a linger of 0: a close is a reset (RST), not a FIN
    server =
        vertx.createNetServer(new NetServerOptions().setSoLinger(0)).connectHandler(this::accept);
    return server.listen(0, "127.0.0.1").map(NetServer::actualPort);
  }

  /** Closes the proxy and every socket it still holds (a half-open one included). */
  Future<Void> close() {
    timers.forEach(vertx::cancelTimer);
    Set.copyOf(open).forEach(NetSocket::close);
    return server.close().eventually(() -> client.close());
  }

  private void accept(NetSocket downstream) {
    open.add(downstream);
    downstream.closeHandler(v -> open.remove(downstream));
    if (fault == Fault.GARBAGE) {
      downstream.handler(
          request -> {
            byte[] junk = new byte[512];
            random.nextBytes(junk);
            downstream.write(Buffer.buffer(junk)).onComplete(ar -> downstream.end());
            downstream.handler(null);
          });
      return;
    }
    downstream.pause();
    client
        .connect(upstreamPort, "127.0.0.1")
        .onFailure(e -> downstream.close())
        .onSuccess(
            upstream -> {
              open.add(upstream);
              Answer answer = new Answer(downstream, upstream);
              downstream.handler(
                  bytes -> {
                    answer.requested = true;
                    upstream.write(bytes);
                  });
              downstream.closeHandler(
                  v -> {
                    open.remove(downstream);
                    upstream.close();
                  });
              upstream.handler(answer::add);
              upstream.closeHandler(
                  v -> {
                    open.remove(upstream);
                    if (fault != Fault.HALF_OPEN) {
                      answer.endAfterDrain();
                    }
                  });
              downstream.resume();
            });
  }

  /** The server's answer on its way to the client, as the fault has it. */
  private final class Answer {
    private final NetSocket downstream;
    private final NetSocket upstream;
    private final ArrayDeque<Buffer> held = new ArrayDeque<>();
    private boolean requested;
    private boolean faulted;
    private boolean ending;
    private long trickle = -1;

    Answer(NetSocket downstream, NetSocket upstream) {
      this.downstream = downstream;
      this.upstream = upstream;
    }

    void add(Buffer bytes) {
      switch (fault) {
        case HALF_OPEN -> {
          // swallowed: the client waits for an answer that never comes
        }
        case RESET_MID_RESPONSE -> {
          if (!requested || faulted) {
            if (!faulted) {
              downstream.write(bytes);
            }
            return;
          }
          faulted = true;
          downstream
              .write(bytes.getBuffer(0, Math.max(1, bytes.length() / 2)))
              .onComplete(ar -> cut());
        }
        case CUT_MID_EVENT -> {
          if (faulted) {
            return;
          }
          String text = bytes.toString(StandardCharsets.ISO_8859_1);
          int at = requested ? text.indexOf("data:") : -1;
          if (at < 0 && requested && bytes.length() > 16) {
            at = bytes.length() / 2 - 5; // a binary answer: mid-message
          }
          if (at < 0) {
            downstream.write(bytes);
            return;
          }
          faulted = true;
          downstream
              .write(bytes.getBuffer(0, Math.min(bytes.length(), at + 5)))
              .onComplete(ar -> finish());
        }
        case SLOWLORIS -> {
          for (int i = 0; i < bytes.length(); i++) {
            held.add(bytes.getBuffer(i, i + 1));
          }
          if (trickle < 0) {
            trickle = vertx.setPeriodic(1000, id -> drip());
            timers.add(trickle);
          }
        }
        case LATENCY_SPIKE -> {
          held.add(bytes);
          if (!faulted) {
            faulted = true;
            long t = vertx.setTimer(2000, id -> release());
            timers.add(t);
          } else if (trickle == -2) {
            release();
          }
        }
        default -> downstream.write(bytes);
      }
    }

    private void drip() {
      Buffer next = held.poll();
      if (next != null) {
        downstream.write(next);
      } else if (ending) {
        finish();
      }
    }

    private void release() {
      trickle = -2; // released: later bytes pass at once
      while (!held.isEmpty()) {
        downstream.write(held.poll());
      }
      if (ending) {
        finish();
      }
    }

    void endAfterDrain() {
      ending = true;
      switch (fault) {
        case SLOWLORIS -> {
          // the last drip finishes
        }
        case LATENCY_SPIKE -> {
          if (trickle == -2) {
            finish();
          }
        }
        default -> finish();
      }
    }

    /** A reset: the proxy's server sockets linger 0. */
    private void cut() {
      upstream.close();
      downstream.close();
    }

    /** A FIN. */
    private void finish() {
      if (trickle >= 0) {
        vertx.cancelTimer(trickle);
      }
      upstream.close();
      downstream.end();
    }
  }
}
