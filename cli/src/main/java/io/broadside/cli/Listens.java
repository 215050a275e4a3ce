package io.broadside.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A command that listens on ports: when one is taken, the command line says which, and the flag
 * that moves it, in one line (exit 2), instead of a stack trace.
 */
interface Listens {
  /** The address it listens on. */
  default String listenHost() {
    return "127.0.0.1";
  }

  /** Each port it listens on (0: any, never taken), with the flag that moves it. */
  Map<Integer, String> ports();

  /** The line for a bind failure: the first of its ports now taken, or all of them named. */
  static String takenLine(Listens command) {
    for (var e : command.ports().entrySet()) {
      if (e.getKey() > 0 && taken(command.listenHost(), e.getKey())) {
        return "port " + e.getKey() + " is taken: move it with " + e.getValue();
      }
    }
    return "a port is taken (" + String.join(", ", command.ports().values()) + " move them)";
  }

  private static boolean taken(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
