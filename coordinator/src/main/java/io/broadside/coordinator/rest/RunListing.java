package io.broadside.coordinator.rest;

import io.broadside.common.summary.LatencyStats;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.run.Run;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run history as {@code GET /api/v1/runs} lists it: newest first, each run with its times and
 * key figures: an ended run's of its last stage that had requests, a live run's of its last
 * interval. An ended run's figures are read once (from its summary.json on a worker, once it left
 * memory) and kept: a few numbers a run.
 */
final class RunListing {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Map<String, Map<String, Object>> endedFigures = new ConcurrentHashMap<>();

  /** The rows of {@code runs}, newest first. */
  Future<List<Map<String, Object>>> rows(Vertx vertx, List<Run> runs) {
    List<Run> toRead =
        runs.stream()
            .filter(r -> r.status().ended() && r.summaryOnDisk())
            .filter(r -> !endedFigures.containsKey(r.id()))
            .toList();
    Future<Void> read =
        toRead.isEmpty()
            ? Future.succeededFuture()
            : vertx.executeBlocking(
                () -> {
                  for (Run r : toRead) {
                    endedFigures.put(r.id(), figuresOrNone(r));
                  }
                  return null;
                });
    return read.map(
        v ->
            runs.stream()
                .sorted(Comparator.comparingLong(Run::createdUs).reversed())
                .map(this::row)
                .toList());
  }

  /** Forgets a deleted run. */
  void forget(String id) {
    endedFigures.remove(id);
  }

  private Map<String, Object> row(Run r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", r.plan().name());
    m.put("status", r.status().wire());
    m.put("tags", r.plan().tags());
    m.put("createdAt", time(r.createdUs()));
    m.put("startedAt", time(r.startUs()));
    m.put(
        "durationS",
        r.startUs() == 0 || r.endUs() < r.startUs() ? null : (r.endUs() - r.startUs()) / 1e6);
    Map<String, Object> figures;
    if (r.status().ended()) {
      figures =
          r.summaryOnDisk()
              ? endedFigures.getOrDefault(r.id(), Map.of())
              : endedFigures.computeIfAbsent(r.id(), id -> figuresOrNone(r));
    } else {
      // a live run: its last interval, as its event stream told it (no summary computed here,
      // on the event loop, for every run at every poll)
      figures = live(r.events().latestProgress());
    }
    m.putAll(figures);
    return m;
  }

  private static Map<String, Object> figuresOrNone(Run r) {
    try {
      return figures(r.summary());
    } catch (RuntimeException e) {
      // a run whose summary cannot be read is listed without figures
      return Map.of();
    }
  }

  /** A live run's figures: those of its latest progress event (its last interval). */
  static Map<String, Object> live(io.broadside.coordinator.run.RunEvents.Event progress) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (progress == null) {
      return m;
    }
    com.fasterxml.jackson.databind.JsonNode p;
    try {
      p = JSON.readTree(progress.data());
    } catch (java.io.IOException e) {
      return m;
    }
    m.put("keyStage", p.path("stage").isTextual() ? p.path("stage").asText() : null);
    m.put("requestsPerS", number(p.path("requestsPerS")));
    m.put("tokensPerS", number(p.path("tokensPerS")));
    m.put("ttftP50", number(p.path("ttft").path("p50")));
    m.put("ttftP99", number(p.path("ttft").path("p99")));
    m.put("tpotP50", number(p.path("tpot").path("p50")));
    m.put("tpotP99", number(p.path("tpot").path("p99")));
    m.put("errors", p.path("errors").asLong());
    return m;
  }

  private static Double number(com.fasterxml.jackson.databind.JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }

  /** The key figures of a summary: its last stage with requests, and the run's failures. */
  static Map<String, Object> figures(Summary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (s == null) {
      return m;
    }
    Summary.Stage key = null;
    for (Summary.Stage stage : s.stages()) {
      var req = stage.all().requests();
      if (req.ok() + req.failed() > 0) {
        key = stage;
      }
    }
    m.put("keyStage", key == null ? null : key.name());
    Summary.Row all = key == null ? null : key.all();
    m.put("requestsPerS", all == null ? null : all.throughput().requestsPerS());
    m.put("tokensPerS", all == null ? null : all.throughput().outputTokensPerS());
    m.put("ttftP50", stat(all, "ttft", true));
    m.put("ttftP99", stat(all, "ttft", false));
    m.put("tpotP50", stat(all, "tpot", true));
    m.put("tpotP99", stat(all, "tpot", false));
    m.put("errors", s.requests().failed());
    return m;
  }

  private static Double stat(Summary.Row row, String metric, boolean p50) {
    if (row == null) {
      return null;
    }
    LatencyStats l = row.latency().get(metric);
    return l == null ? null : p50 ? l.p50() : l.p99();
  }

  private static String time(long us) {
    return us == 0 ? null : Instant.ofEpochSecond(0, us * 1000).toString();
  }
}
