/** The simulator's own Prometheus metrics: vLLM's and TGIS's server names, and DCGM GPU gauges. */
package io.broadside.simulator.metrics;
