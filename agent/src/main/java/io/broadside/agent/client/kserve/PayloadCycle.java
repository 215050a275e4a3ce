package io.broadside.agent.client.kserve;

import java.util.List;

/**
 * One client's walk through the prepared payloads: from {@code first} (mod their number) onwards,
 * round and round, so every payload is sent once in each pass. Confined to the client's event loop.
 */
final class PayloadCycle<T> {
  private final List<T> payloads;
  private int next;

  PayloadCycle(List<T> payloads, int first) {
    if (payloads.isEmpty()) {
      throw new IllegalArgumentException("no payloads to send");
    }
    this.payloads = payloads;
    this.next = Math.floorMod(first, payloads.size());
  }

  T next() {
    T payload = payloads.get(next);
    next = next + 1 == payloads.size() ? 0 : next + 1;
    return payload;
  }

  int size() {
    return payloads.size();
  }
}
