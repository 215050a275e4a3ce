package io.broadside.simulator.openai;

/** A request body the simulator cannot serve; the message goes back to the client in a 400. */
final class BadRequestException extends Exception {
  private final String param;

  BadRequestException(String message, String param) {
    super(message, null, false, false);
    this.param = param;
  }

  /** The offending field, or {@code null}. */
  String param() {
    return param;
  }
}
