package io.broadside.simulator.config;

/**
 * Faults injected into one family's answers. Each request draws one uniform number from a seeded
 * random sequence (in arrival order, so a seed gives the same faults): below {@code errorRate} it
 * gets the family's error answer at once; then, by the next ranges, a malformed answer (streams:
 * the second token event cut mid-JSON or otherwise unparseable; unary: a body that is not JSON), a
 * dropped connection (after the first token, or instead of a unary answer), or the family's
 * throttling answer. The four rates must sum to at most 1.
 *
 * @param errorRate the share of requests answered with the family's error
 * @param malformedRate the share answered with a malformed body or event
 * @param dropRate the share whose connection (or HTTP/2 stream) is closed mid-answer
 * @param throttleRate the share answered with the family's overload or throttling error
 * @param keepAliveEvery if positive, a keep-alive (SSE comment, HTTP/2 PING) after every k-th
 *     streamed event; 0 for none
 */
public record Faults(
    double errorRate,
    double malformedRate,
    double dropRate,
    double throttleRate,
    int keepAliveEvery) {

  /** No fault, no keep-alive. */
  public static final Faults NONE = new Faults(0, 0, 0, 0, 0);

  /** Rejects rates outside [0, 1], rates that sum above 1 and a negative keep-alive period. */
  public Faults {
    for (double rate : new double[] {errorRate, malformedRate, dropRate, throttleRate}) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("fault rates must be in [0, 1], was " + rate);
      }
    }
    if (errorRate + malformedRate + dropRate + throttleRate > 1 + 1e-9) {
      throw new IllegalArgumentException("fault rates must sum to at most 1");
    }
    if (keepAliveEvery < 0) {
      throw new IllegalArgumentException("keepAliveEvery must not be negative");
    }
  }
}
