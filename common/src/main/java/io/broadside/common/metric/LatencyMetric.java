package io.broadside.common.metric;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every latency series Broadside records, named once (DESIGN.md §5). {@code t0} is the intended
 * send time. All are recorded in microseconds and reported in seconds.
 */
public enum LatencyMetric {
  E2E(
      "e2e",
      "broadside_e2e_request_latency_seconds",
      "Arrival of the last token-bearing chunk (or the whole response) minus the intended send time"),
  TTFT(
      "ttft",
      "broadside_time_to_first_token_seconds",
      "Arrival of the first token-bearing chunk minus the intended send time"),
  TTFC(
      "ttfc",
      "broadside_time_to_first_chunk_seconds",
      "Arrival of the first chunk with non-empty choices minus the intended send time"),
  TPOT(
      "tpot",
      "broadside_request_time_per_output_token_seconds",
      "(e2e - ttft) / (output tokens - 1), per request with more than one output token"),
  ITL(
      "itl",
      "broadside_inter_token_latency_seconds",
      "Every gap between consecutive token-bearing chunks, pooled over requests"),
  QUEUE(
      "queue",
      "broadside_request_queue_time_seconds",
      "Actual send time minus intended send time: the generator or the concurrency cap behind"),
  SERVICE(
      "service",
      "broadside_service_time_seconds",
      "Arrival of the last token-bearing chunk minus the actual send time"),
  COLD(
      "cold",
      "broadside_cold_start_latency_seconds",
      "e2e of answers that waited for their model to load (a cold start), kept out of e2e"),
  TTFR(
      "ttfr",
      "broadside_time_to_first_reasoning_token_seconds",
      "Arrival of the first reasoning chunk minus the intended send time, per streamed answer that"
          + " reasoned"),
  TTFA(
      "ttfa",
      "broadside_time_to_first_answer_token_seconds",
      "Arrival of the first answer chunk (after the reasoning) minus the intended send time, per"
          + " streamed answer that reasoned"),
  ANSWER_TPOT(
      "answer_tpot",
      "broadside_request_time_per_answer_token_seconds",
      "(e2e - ttfa) / (answer tokens - 1), per streamed answer that reasoned and has more than one"
          + " answer token");

  private final String key;
  private final String promName;
  private final String definition;

  LatencyMetric(String key, String promName, String definition) {
    this.key = key;
    this.promName = promName;
    this.definition = definition;
  }

  /** The short name used in plans, summaries, snapshots and log tags ({@code ttft}). */
  public String key() {
    return key;
  }

  public String promName() {
    return promName;
  }

  public String definition() {
    return definition;
  }

  public static Optional<LatencyMetric> byKey(String key) {
    return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
  }
}
