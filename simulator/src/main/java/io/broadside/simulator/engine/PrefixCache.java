package io.broadside.simulator.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The KV blocks of prompts already computed, as vLLM's automatic prefix caching keeps them: a
 * prompt is cut into blocks of {@code blockTokens} tokens, each named by a hash of everything up to
 * its end (so a block is shared only by prompts that agree on all tokens before it), and a new
 * prompt skips the prefill of its longest run of leading blocks found. At most {@code capacity}
 * blocks are kept; the least recently used leave first. Not thread-safe: the engine's thread only.
 */
public final class PrefixCache {
  private final int blockTokens;
  private final long capacity;
  // access order: the eldest entry is the least recently used block
  private final LinkedHashMap<Long, Boolean> blocks;

  /**
   * @param budgetTokens the KV budget in tokens; its whole blocks are the capacity
   */
  public PrefixCache(long budgetTokens, int blockTokens) {
    this.blockTokens = blockTokens;
    this.capacity = budgetTokens / blockTokens;
    this.blocks =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Looks up a prompt of {@code promptTokens} whose whole blocks hash to {@code blockHashes} (in
   * order, chained), then keeps them all as most recently used. Returns the prompt tokens found
   * cached: the leading blocks present, at most {@code promptTokens - 1} (the last prompt token is
   * always computed, as in vLLM, so a hit still has a prefill).
   */
  public int admit(long[] blockHashes, int promptTokens) {
    int hit = 0;
    while (hit < blockHashes.length && blocks.get(blockHashes[hit]) != null) {
      hit++;
    }
    for (long hash : blockHashes) {
      blocks.put(hash, Boolean.TRUE);
    }
    return Math.max(0, Math.min(hit * blockTokens, promptTokens - 1));
  }

  /** Blocks now cached. */
  public int size() {
    return blocks.size();
  }
}
