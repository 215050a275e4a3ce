package io.broadside.agent.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.plan.Dataset;
import io.broadside.common.plan.FileDataset;
import io.broadside.common.plan.Sampling;
import io.broadside.common.plan.SyntheticDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The prompts of a plan's dataset. {@link #load} blocks (file I/O): call it on a worker thread.
 * Afterwards immutable; each lane draws with its own {@link Cursor}.
 */
public final class PromptSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Prompt> prompts;
  private final Sampling sampling;

  private PromptSource(List<Prompt> prompts, Sampling sampling) {
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("the dataset has no prompts");
    }
    this.prompts = List.copyOf(prompts);
    this.sampling = sampling;
  }

  /** Blocking. */
  public static PromptSource load(Dataset dataset) {
    if (dataset instanceof FileDataset f) {
      return new PromptSource(readJsonl(f), f.sampling());
    }
    SyntheticDataset synthetic = (SyntheticDataset) dataset;
    return new PromptSource(synthetic(synthetic), synthetic.sampling());
  }

  public int size() {
    return prompts.size();
  }

  /** A per-lane reader: sequential from an offset, or seeded random. Not thread-safe. */
  public Cursor cursor(long seed, int offset) {
    return new Cursor(new Random(seed), offset);
  }

  public final class Cursor {
    private final Random random;
    private int next;

    Cursor(Random random, int offset) {
      this.random = random;
      this.next = Math.floorMod(offset, prompts.size());
    }

    public Prompt next() {
      if (sampling == Sampling.RANDOM) {
        return prompts.get(random.nextInt(prompts.size()));
      }
      Prompt p = prompts.get(next);
      next = (next + 1) % prompts.size();
      return p;
    }
  }

  private static List<Prompt> readJsonl(FileDataset f) {
    List<Prompt> out = new ArrayList<>();
    try {
      int lineNo = 0;
      for (String line : Files.readAllLines(f.file())) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        out.add(parse(JSON.readTree(line), f, lineNo));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset " + f.file() + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static Prompt parse(JsonNode node, FileDataset f, int lineNo) {
    Integer maxTokens = node.hasNonNull("maxTokens") ? node.get("maxTokens").asInt() : null;
    if (node.hasNonNull("prompt")) {
      String text = node.get("prompt").asText();
      return new Prompt(text, null, maxTokens, words(text));
    }
    if (node.has("messages") && node.get("messages").isArray()) {
      List<Map<String, String>> messages = new ArrayList<>();
      StringBuilder all = new StringBuilder();
      for (JsonNode m : node.get("messages")) {
        Map<String, String> msg = new LinkedHashMap<>();
        msg.put("role", m.path("role").asText("user"));
        msg.put("content", m.path("content").asText(""));
        all.append(msg.get("content")).append(' ');
        messages.add(msg);
      }
      String text = all.toString().trim();
      return new Prompt(text, messages, maxTokens, words(text));
    }
    throw new IllegalArgumentException(
        f.file() + " line " + lineNo + ": an entry needs 'prompt' or 'messages'");
  }

  private static List<Prompt> synthetic(SyntheticDataset s) {
    Random random = new Random(s.seed());
    List<Prompt> out = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      int n = s.inputTokens();
      if (s.inputTokensStddev() > 0) {
        n = (int) Math.max(1, Math.round(n + random.nextGaussian() * s.inputTokensStddev()));
      }
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < n; w++) {
        if (w > 0) {
          text.append(' ');
        }
        text.append(WORDS[random.nextInt(WORDS.length)]);
      }
      out.add(new Prompt(text.toString(), null, null, n));
    }
    return out;
  }

  static int words(String text) {
    String t = text.trim();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
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
