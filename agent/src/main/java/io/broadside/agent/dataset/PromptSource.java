package io.broadside.agent.dataset;

import io.broadside.common.plan.Dataset;
import io.broadside.common.plan.FileDataset;
import io.broadside.common.plan.Sampling;
import io.broadside.common.plan.SharedPrefixes;
import io.broadside.common.plan.SyntheticDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The prompts of a plan's dataset. {@link #load} blocks (file I/O): call it on a worker thread.
 * Afterwards immutable; each lane draws with its own {@link Cursor}.
 */
public final class PromptSource {
  static final int SYNTHETIC_POOL = 64;
  private static final long OUTPUT_SALT = 0x6F75747075747321L;
  private static final long PREFIX_SALT = 0x7072656669786573L;
  private final List<Prompt> prompts;
  private final Sampling sampling;

  /** Shared prefixes: each group's text, and each pooled prompt's group; null without. */
  private final String[] prefixes;

  private final int[] groups;
  private final int prefixTokens;

  /** Differs from run to run, so a repeated run's suffixes are not in a server's cache. */
  private final String nonce = Long.toString(System.currentTimeMillis(), 36);

  private PromptSource(List<Prompt> prompts, Sampling sampling) {
    this(prompts, sampling, null, null, 0);
  }

  private PromptSource(
      List<Prompt> prompts, Sampling sampling, String[] prefixes, int[] groups, int prefixTokens) {
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("the dataset has no prompts");
    }
    this.prompts = List.copyOf(prompts);
    this.sampling = sampling;
    this.prefixes = prefixes;
    this.groups = groups;
    this.prefixTokens = prefixTokens;
  }

  /**
   * Reads a dataset file or makes the synthetic prompts. Blocking.
   *
   * @throws DatasetException when the file cannot be used, naming its file and lines
   */
  public static PromptSource load(Dataset dataset) {
    if (dataset instanceof FileDataset f) {
      return new PromptSource(DatasetFile.read(f), f.sampling());
    }
    SyntheticDataset synthetic = (SyntheticDataset) dataset;
    List<Prompt> pool = synthetic(synthetic);
    SharedPrefixes shared = synthetic.prefixes();
    if (shared == null) {
      return new PromptSource(pool, synthetic.sampling());
    }
    String[] texts = new String[shared.groups()];
    for (int g = 0; g < texts.length; g++) {
      // each prefix opens with its group's name: no two groups share a cache block
      Random words = new Random(synthetic.seed() ^ PREFIX_SALT + g);
      texts[g] = "prefix-" + g + " " + words(words, shared.tokens() - 1);
    }
    Random draw = new Random(synthetic.seed() ^ PREFIX_SALT);
    int[] groups = new int[pool.size()];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = shared.group(draw.nextDouble());
    }
    return new PromptSource(pool, synthetic.sampling(), texts, groups, shared.tokens());
  }

  /** {@code n} words drawn by {@code random}: a reply made up for a session's history. */
  public static String filler(Random random, int n) {
    return words(random, n);
  }

  /** {@code n} words drawn by {@code random}, joined by spaces. */
  private static String words(Random random, int n) {
    StringBuilder text = new StringBuilder(n * 8);
    for (int w = 0; w < n; w++) {
      if (w > 0) {
        text.append(' ');
      }
      text.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.toString();
  }

  public int size() {
    return prompts.size();
  }

  /** Every prompt, in the dataset's order. */
  public List<Prompt> prompts() {
    return prompts;
  }

  /**
   * A per-lane reader: sequential from an offset, or seeded random. Not thread-safe. The seed is
   * mixed first, so a lane that seeds its model choice with the same number draws prompts
   * independently of models.
   */
  public Cursor cursor(long seed, int offset) {
    return new Cursor(new Random(mix(seed)), offset);
  }

  /** SplitMix64's finalizer: nearby seeds give unrelated streams. */
  static long mix(long seed) {
    long z = seed + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public final class Cursor {
    private final Random random;
    private final String lane;
    private int next;
    private long sent;

    Cursor(Random random, int offset) {
      this.random = random;
      this.lane = Integer.toString(offset, 36);
      this.next = Math.floorMod(offset, prompts.size());
    }

    public Prompt next() {
      int i;
      if (sampling == Sampling.RANDOM) {
        i = random.nextInt(prompts.size());
      } else {
        i = next;
        next = (next + 1) % prompts.size();
      }
      Prompt p = prompts.get(i);
      return prefixes == null ? p : withPrefix(p, groups[i]);
    }

    /** Group {@code g}'s shared prefix. */
    public String prefix(int g) {
      return prefixes[g];
    }

    /**
     * Group {@code g}'s prefix, then the prompt with its first word replaced by one unique to the
     * run, the lane and the request: only the prefix is shared, the suffix never cached.
     */
    private Prompt withPrefix(Prompt p, int g) {
      String unique = "u" + nonce + "-" + lane + "-" + Long.toString(sent++, 36);
      String text = p.text();
      int space = text.indexOf(' ');
      String rest = space < 0 ? "" : text.substring(space);
      return new Prompt(
          prefixes[g] + " " + unique + rest, null, p.maxTokens(), prefixTokens + p.promptTokens());
    }
  }

  /**
   * A pool of 64 prompts, the same on every agent for the same seed: input lengths (and the words)
   * drawn from the seed, output budgets, if the plan gives them, from a stream of their own, so
   * adding them leaves the prompts as they were.
   */
  private static List<Prompt> synthetic(SyntheticDataset s) {
    Random random = new Random(s.seed());
    Random outputs = new Random(s.seed() ^ OUTPUT_SALT);
    List<Prompt> out = new ArrayList<>();
    for (int i = 0; i < SYNTHETIC_POOL; i++) {
      int n = s.input().draw(random);
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < n; w++) {
        if (w > 0) {
          text.append(' ');
        }
        text.append(WORDS[random.nextInt(WORDS.length)]);
      }
      Integer maxTokens = s.output() == null ? null : s.output().draw(outputs);
      out.add(new Prompt(text.toString(), null, maxTokens, n));
    }
    return out;
  }

  /** The words of {@code text}: maximal runs of non-whitespace, as the simulator counts tokens. */
  static int words(String text) {
    return io.broadside.common.text.Words.count(text);
  }

  private static final String[] WORDS = {
    "model",
    "serving",
    "token",
    "latency",
    "batch",
    "queue",
    "cluster",
    "prompt",
    "stream",
    "throughput",
    "inference",
    "request",
    "gpu",
    "memory",
    "decode",
    "prefill"
  };
}
