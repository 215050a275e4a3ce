package io.broadside.simulator.openai;

import io.broadside.simulator.token.SeededVocabulary;

/**
 * Response ids ({@code chatcmpl-…}, {@code cmpl-…}) that follow from the seed and the order of
 * requests. Owned by the simulator's context.
 */
final class ResponseIds {
  private final long seed;
  private long issued;

  ResponseIds(long seed) {
    this.seed = seed;
  }

  String next(Endpoint endpoint) {
    long hash = SeededVocabulary.mix(seed * 0x9E3779B97F4A7C15L + issued++);
    return endpoint.idPrefix + String.format("%016x", hash);
  }
}
