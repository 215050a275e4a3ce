package io.broadside.simulator.serve;

import io.broadside.simulator.fault.Fault;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestRecord;
import io.vertx.core.http.HttpServerResponse;

/**
 * A streamed HTTP answer in some family's SSE framing: status 200 and headers at submission (with
 * the framing's head event, if any), one event per token, the framing's tail, then the end of the
 * response. Each event's time is logged right before it is written.
 */
public final class SseExchange extends HttpExchange {
  private final SseFraming framing;
  private final String contentType;

  public SseExchange(
      HttpServerResponse response,
      RequestRecord record,
      EpochMicroClock clock,
      Fault fault,
      int keepAliveEvery,
      SseFraming framing,
      String contentType) {
    super(response, record, clock, fault, true, keepAliveEvery);
    this.framing = framing;
    this.contentType = contentType;
  }

  @Override
  protected void start() {
    response
        .setChunked(true)
        .putHeader("Content-Type", contentType)
        .putHeader("Cache-Control", "no-cache");
    String head = framing.head();
    if (head != null) {
      record.chunk(clock.nowMicros());
      response.write(head);
    } else {
      response.writeHead();
    }
  }

  @Override
  protected void write(int index, boolean last) {
    emit(framing.token(index, last), last);
  }

  @Override
  protected void writeMalformed(int index, boolean last) {
    emit(framing.malformed(index, last), last);
  }

  @Override
  protected void keepAlive() {
    response.write(framing.keepAlive());
  }

  private void emit(String event, boolean last) {
    record.tokenChunk(clock.nowMicros(), 1);
    if (!last) {
      response.write(event);
      return;
    }
    String tail = framing.tail();
    if (tail == null) {
      response.end(event);
    } else {
      response.write(event);
      record.chunk(clock.nowMicros());
      response.end(tail);
    }
    finish();
  }
}
