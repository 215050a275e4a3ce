package io.broadside.agent.client.sse;

import io.broadside.agent.client.http.ResponseDecoder;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * A {@link ResponseDecoder} for {@code text/event-stream} bodies: events go to {@code onEvent} as
 * they complete, whatever the split of the bytes; at the end of the body a pending event is
 * dispatched and {@code onEnd} runs. Comments (keep-alive pings) never reach {@code onEvent}.
 */
public final class SseDecoder implements ResponseDecoder {
  private final SseParser parser;
  private final Runnable onEnd;

  public SseDecoder(Consumer<SseParser.Event> onEvent, Runnable onEnd) {
    this.parser = new SseParser(onEvent);
    this.onEnd = onEnd;
  }

  @Override
  public void feed(Buffer bytes) {
    parser.feed(bytes);
  }

  @Override
  public void end() {
    parser.finish();
    onEnd.run();
  }
}
