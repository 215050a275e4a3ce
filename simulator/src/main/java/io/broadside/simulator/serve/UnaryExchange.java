package io.broadside.simulator.serve;

import io.broadside.simulator.fault.Fault;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestRecord;
import io.vertx.core.http.HttpServerResponse;

/** A non-streamed JSON answer, written whole when the last token exists. */
public final class UnaryExchange extends HttpExchange {
  private final UnaryFraming framing;

  public UnaryExchange(
      HttpServerResponse response,
      RequestRecord record,
      EpochMicroClock clock,
      Fault fault,
      UnaryFraming framing) {
    super(response, record, clock, fault, false, 0);
    this.framing = framing;
  }

  @Override
  protected void start() {}

  @Override
  protected void write(int index, boolean last) {
    if (last) {
      end(index + 1, framing.body(index + 1));
    }
  }

  @Override
  protected void writeMalformed(int index, boolean last) {
    end(index + 1, framing.malformed(index + 1));
  }

  private void end(int tokens, String body) {
    response.putHeader("Content-Type", "application/json");
    framing.headers(response, tokens);
    record.tokenChunk(clock.nowMicros(), tokens);
    response.end(body);
    finish();
  }
}
