package io.broadside.common.plan;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The endpoint under test.
 *
 * @param name the plan's short name for the target, used as a bounded metric label
 * @param url base URL; the protocol's paths are appended (a prefix such as {@code /openai} kept)
 * @param auth nullable
 * @param headers extra request headers (values are literal; secrets come from {@link Auth})
 */
public record Target(
    String name,
    TargetProtocol protocol,
    URI url,
    boolean stream,
    Duration timeout,
    Auth auth,
    Map<String, String> headers) {

  public Target {
    headers = Map.copyOf(headers);
  }
}
