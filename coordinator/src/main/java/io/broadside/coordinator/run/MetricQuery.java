package io.broadside.coordinator.run;

import io.vertx.core.Future;
import java.net.URI;

/** One number from a PromQL query, evaluated at a time (epoch seconds). */
@FunctionalInterface
public interface MetricQuery {
  Future<Double> value(URI prometheus, String query, double atEpochS);
}
