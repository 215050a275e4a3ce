package io.broadside.simulator.serve;

/** The events of one family's SSE answer, as text; see {@link SseExchange}. */
public interface SseFraming {

  /** The event written at submission (an ack), or {@code null} for none. */
  default String head() {
    return null;
  }

  /** The event carrying token {@code index}; {@code last} for the final one. */
  String token(int index, boolean last);

  /** The event that replaces token {@code index} under a malformed fault: cut mid-JSON. */
  String malformed(int index, boolean last);

  /** What follows the last token's event (e.g. {@code [DONE]}), or {@code null} for nothing. */
  default String tail() {
    return null;
  }

  /** The keep-alive comment, e.g. {@code ": keep-alive\n\n"}. */
  default String keepAlive() {
    return ": keep-alive\n\n";
  }
}
