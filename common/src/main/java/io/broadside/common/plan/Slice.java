package io.broadside.common.plan;

import java.util.Map;

/**
 * A share of a run's requests with their own figures: a tenant, a priority class, a client. Each
 * request belongs to one slice, drawn by weight, and carries the slice's headers.
 *
 * @param name letters, digits, {@code -} and {@code _}: a label value and a summary key
 * @param weight how often its requests are drawn, positive
 * @param headers sent with each of its requests (after the target's)
 */
public record Slice(String name, double weight, Map<String, String> headers) {
  public Slice {
    headers = Map.copyOf(headers);
  }
}
