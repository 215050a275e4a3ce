package io.broadside.simulator.metrics;

import io.broadside.common.metric.MetricCatalogue;
import io.broadside.simulator.config.ModelHosting;
import io.broadside.simulator.engine.BatchEngine;
import io.broadside.simulator.log.RequestRecord;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * What a real model server and its GPU exporter would show Prometheus, from the simulator's own
 * record of each request and its engine: vLLM's names and buckets ({@code vllm:*}, labels {@code
 * model_name} and {@code engine}), TGIS's ({@code tgi_*}, unlabelled: one model per server) and
 * DCGM's GPU gauges. One engine serves every protocol family, so both server vocabularies describe
 * the same GPU. Served as classic histograms in any format, like vLLM. Everything runs on the
 * simulator's context, scrapes included.
 */
public final class ServerMetrics {
  private static final double[] TTFT = MetricCatalogue.vllmTtftBounds();
  private static final double[] ITL = MetricCatalogue.vllmItlBounds();
  private static final double[] REQUEST = MetricCatalogue.vllmRequestBounds();
  private static final double[] TOKENS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final Histogram ttft;
  private final Histogram itl;
  private final Histogram tpot;
  private final Histogram e2e;
  private final Histogram queue;
  private final Counter promptTokens;
  private final Counter generationTokens;
  private final Counter success;
  private final Histogram tgiDuration;
  private final Histogram tgiQueue;
  private final Histogram tgiPerToken;
  private final Histogram tgiTokens;
  private long lastBusyNanos;
  private long lastSampleNanos = System.nanoTime();
  private final String servedModel;

  /**
   * @param engine the simulated GPU (read on scrapes)
   * @param loadedModels how many models are in GPU memory now
   * @param hosting nullable: the multi-model memory budget and model size
   * @param servedModel the {@code model_name} of the engine-wide gauges (the default model)
   */
  public ServerMetrics(
      BatchEngine engine,
      IntSupplier loadedModels,
      ModelHosting hosting,
      String servedModel,
      String hostname) {
    this.servedModel = servedModel;
    ttft = histogram("vllm:time_to_first_token_seconds", "Time to first token in seconds.", TTFT);
    itl = histogram("vllm:inter_token_latency_seconds", "Inter-token latency in seconds.", ITL);
    tpot =
        histogram(
            "vllm:request_time_per_output_token_seconds",
            "Time per output token of each request in seconds.",
            ITL);
    e2e =
        histogram(
            "vllm:e2e_request_latency_seconds", "End to end request latency in seconds.", REQUEST);
    queue =
        histogram(
            "vllm:request_queue_time_seconds",
            "Time the request spent in the WAITING phase in seconds.",
            REQUEST);
    promptTokens = counter("vllm:prompt_tokens", "Number of prefill tokens processed.");
    generationTokens = counter("vllm:generation_tokens", "Number of generation tokens processed.");
    success =
        Counter.builder()
            .name("vllm:request_success")
            .help("Count of successfully processed requests.")
            .labelNames("model_name", "engine", "finished_reason")
            .register(registry);
    gauge(
        "vllm:num_requests_running",
        "Number of requests in model execution batches.",
        engine::runningCount);
    gauge(
        "vllm:num_requests_waiting",
        "Number of requests waiting to be processed.",
        engine::waitingCount);
    GaugeWithCallback.builder()
        .name("vllm:kv_cache_usage_perc")
        .help("KV-cache usage. 1 means 100 percent usage.")
        .labelNames("model_name", "engine")
        .callback(cb -> cb.call(kvUsage(engine), servedModel, "0"))
        .register(registry);

    tgiDuration =
        tgi("tgi_request_duration", "Request duration in seconds, arrival to last token", REQUEST);
    tgiQueue = tgi("tgi_request_queue_duration", "Time the request waited for a batch", REQUEST);
    tgiPerToken =
        tgi(
            "tgi_request_mean_time_per_token_duration",
            "Mean time per generated token after the first",
            ITL);
    tgiTokens = tgi("tgi_request_generated_tokens", "Generated tokens per request", TOKENS);
    GaugeWithCallback.builder()
        .name("tgi_batch_current_size")
        .help("Sequences in the running batch")
        .callback(cb -> cb.call(engine.runningCount()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tgi_queue_size")
        .help("Requests waiting for a batch slot")
        .callback(cb -> cb.call(engine.waitingCount()))
        .register(registry);

    double totalMib = (hosting == null ? 24 : hosting.memoryGb()) * 1024;
    String[] gpu = {"0", "GPU-00000000-0000-0000-0000-53494d000000", "Simulated GPU", hostname};
    String[] gpuLabels = {"gpu", "UUID", "modelName", "Hostname"};
    GaugeWithCallback.builder()
        .name("DCGM_FI_DEV_GPU_UTIL")
        .help("GPU utilization (in %).")
        .labelNames(gpuLabels)
        .callback(cb -> cb.call(utilizationPercent(engine), gpu))
        .register(registry);
    GaugeWithCallback.builder()
        .name("DCGM_FI_DEV_FB_USED")
        .help("Framebuffer memory used (in MiB).")
        .labelNames(gpuLabels)
        .callback(cb -> cb.call(usedMib(engine, loadedModels, hosting, totalMib), gpu))
        .register(registry);
    GaugeWithCallback.builder()
        .name("DCGM_FI_DEV_FB_FREE")
        .help("Framebuffer memory free (in MiB).")
        .labelNames(gpuLabels)
        .callback(cb -> cb.call(totalMib - usedMib(engine, loadedModels, hosting, totalMib), gpu))
        .register(registry);
  }

  /** Takes a finished request: latency histograms and token counters for a served one (200). */
  public void observe(RequestRecord r, int status) {
    List<Long> tokens = r.tokenChunksUs();
    if (status != 200 || tokens.isEmpty()) {
      return;
    }
    String model = r.model();
    double first = (tokens.get(0) - r.arrivalUs()) / 1e6;
    double last = (tokens.get(tokens.size() - 1) - r.arrivalUs()) / 1e6;
    ttft.labelValues(model, "0").observe(first);
    e2e.labelValues(model, "0").observe(last);
    tgiDuration.observe(last);
    for (int i = 1; i < tokens.size(); i++) {
      itl.labelValues(model, "0").observe((tokens.get(i) - tokens.get(i - 1)) / 1e6);
    }
    int n = r.completionTokens();
    if (n > 1) {
      double perToken = (last - first) / (n - 1);
      tpot.labelValues(model, "0").observe(perToken);
      tgiPerToken.observe(perToken);
    }
    if (r.queuedUs() >= 0) {
      queue.labelValues(model, "0").observe(r.queuedUs() / 1e6);
      tgiQueue.observe(r.queuedUs() / 1e6);
    }
    tgiTokens.observe(n);
    promptTokens.labelValues(model, "0").inc(r.promptTokens());
    generationTokens.labelValues(model, "0").inc(n);
    success.labelValues(model, "0", "length").inc();
  }

  /** Serves {@code GET /metrics} in the format the Accept header asks for. */
  public void handle(HttpServerRequest request) {
    String accept = request.getHeader("Accept");
    var writer = formats.findWriter(accept == null ? "" : accept);
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      request.response().setStatusCode(500).end(e.getMessage());
      return;
    }
    request
        .response()
        .putHeader("Content-Type", writer.getContentType())
        .end(Buffer.buffer(out.toByteArray()));
  }

  private Histogram histogram(String name, String help, double[] bounds) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
        .classicOnly()
        .classicUpperBounds(bounds)
        .labelNames("model_name", "engine")
        .register(registry);
  }

  private Histogram tgi(String name, String help, double[] bounds) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .classicOnly()
        .classicUpperBounds(bounds)
        .register(registry);
  }

  private Counter counter(String name, String help) {
    return Counter.builder()
        .name(name)
        .help(help)
        .labelNames("model_name", "engine")
        .register(registry);
  }

  private void gauge(String name, String help, IntSupplier value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("model_name", "engine")
        .callback(cb -> cb.call(value.getAsInt(), servedModel, "0"))
        .register(registry);
  }

  private static double kvUsage(BatchEngine engine) {
    return Math.min(1.0, (double) engine.runningCount() / engine.maxBatch());
  }

  /** The share of time since the previous scrape that the engine spent computing steps. */
  private double utilizationPercent(BatchEngine engine) {
    long now = System.nanoTime();
    long busy = engine.busyNanos();
    double elapsed = now - lastSampleNanos;
    double percent = elapsed <= 0 ? 0 : Math.min(100, 100.0 * (busy - lastBusyNanos) / elapsed);
    lastBusyNanos = busy;
    lastSampleNanos = now;
    return Math.max(0, Math.rint(percent));
  }

  /** Model weights (loaded models, or 55% of a single-model GPU) plus the running batch's cache. */
  private static double usedMib(
      BatchEngine engine, IntSupplier loadedModels, ModelHosting hosting, double totalMib) {
    double weights =
        hosting == null
            ? 0.55 * totalMib
            : Math.min(totalMib, loadedModels.getAsInt() * hosting.modelSizeGb() * 1024);
    return Math.rint(weights + 0.9 * (totalMib - weights) * kvUsage(engine));
  }
}
