package io.broadside.cli;

import io.broadside.common.histogram.Histograms;
import io.broadside.simulator.log.RequestLogEntry;
import java.util.List;
import org.HdrHistogram.Histogram;

/** The ground truth: TTFT, ITL and TPOT computed from the simulator's own emission times (µs). */
record ServerRecord(Histogram ttft, Histogram itl, Histogram tpot, long requests, long tokens) {
  static ServerRecord of(List<RequestLogEntry> entries) {
    Histogram ttft = Histograms.newHistogram();
    Histogram itl = Histograms.newHistogram();
    Histogram tpot = Histograms.newHistogram();
    long tokens = 0;
    for (RequestLogEntry e : entries) {
      List<Long> chunks = e.tokenChunksUs();
      ttft.recordValue(chunks.get(0) - e.arrivalUs());
      for (int i = 1; i < chunks.size(); i++) {
        itl.recordValue(chunks.get(i) - chunks.get(i - 1));
      }
      if (e.completionTokens() > 1) {
        tpot.recordValue(
            (chunks.get(chunks.size() - 1) - chunks.get(0)) / (e.completionTokens() - 1));
      }
      tokens += e.completionTokens();
    }
    return new ServerRecord(ttft, itl, tpot, entries.size(), tokens);
  }
}
