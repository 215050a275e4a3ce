package io.broadside.agent.client;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

/**
 * What a failed exchange tells a person in a line: {@code connection refused 127.0.0.1:1} rather
 * than a Netty exception's class and message. Never more than the exception said.
 */
public final class FailureText {
  private FailureText() {}

  public static String of(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof ConnectException) {
      // Netty: "Connection refused: /127.0.0.1:1"
      int colon = message.lastIndexOf(": ");
      String what = colon < 0 ? message : message.substring(0, colon);
      String where =
          colon < 0 ? "" : " " + message.substring(colon + 2).replaceFirst("^[^/]*/", "");
      return what.toLowerCase(java.util.Locale.ROOT) + where;
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + message;
    }
    if (e instanceof NoRouteToHostException) {
      return "no route to host " + message;
    }
    if (e instanceof ClosedChannelException
        || e instanceof io.vertx.core.VertxException && "Connection was closed".equals(message)) {
      return "connection closed";
    }
    String name = e.getClass().getSimpleName();
    return message.isEmpty() ? name : name + ": " + message;
  }
}
