package io.broadside.simulator.grpc;

import io.broadside.simulator.fault.Fault;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Exchange;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.function.IntFunction;

/**
 * An {@link Exchange} over a gRPC call: a {@link #streamed} answer writes its ack (if any) at
 * submission and one message per token, a {@link #unary} one one message at the last token. Logged
 * with the gRPC status code (0 OK, 1 CANCELLED when cut). A malformed fault writes a message of 8
 * bytes {@code 0xFF} that does not parse; a drop resets the HTTP/2 stream; a keep-alive is an
 * HTTP/2 PING on the call's connection. Owned by the simulator's context.
 *
 * @param <R> the response message
 */
final class GrpcExchange<R> extends Exchange {
  /** The message of token {@code index} of a stream. */
  @FunctionalInterface
  interface TokenMessage<R> {
    R of(int index, boolean last);
  }

  private static final Buffer GARBAGE = Buffer.buffer(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});

  private final GrpcServerRequest<?, R> call;
  private final GrpcServerResponse<?, R> response;
  private final boolean streaming;
  private final R ack;
  private final TokenMessage<R> token;
  private final IntFunction<R> whole;
  private boolean gone;

  private GrpcExchange(
      GrpcServerRequest<?, R> call,
      RequestRecord record,
      EpochMicroClock clock,
      Fault fault,
      int keepAliveEvery,
      R ack,
      TokenMessage<R> token,
      IntFunction<R> whole) {
    super(record, clock, fault, token != null, keepAliveEvery);
    this.call = call;
    this.response = call.response();
    this.streaming = token != null;
    this.ack = ack;
    this.token = token;
    this.whole = whole;
    // a stream reset or a closed connection; never the connection's close handler, which is shared
    call.exceptionHandler(e -> cut());
    call.errorHandler(e -> cut());
    response.exceptionHandler(e -> cut());
  }

  /**
   * A streamed answer.
   *
   * @param ack nullable: the first message, written at submission
   */
  static <R> GrpcExchange<R> streamed(
      GrpcServerRequest<?, R> call,
      RequestRecord record,
      EpochMicroClock clock,
      Fault fault,
      int keepAliveEvery,
      R ack,
      TokenMessage<R> token) {
    return new GrpcExchange<>(call, record, clock, fault, keepAliveEvery, ack, token, null);
  }

  /** A unary answer: {@code whole} makes the one message carrying that many tokens. */
  static <R> GrpcExchange<R> unary(
      GrpcServerRequest<?, R> call,
      RequestRecord record,
      EpochMicroClock clock,
      Fault fault,
      IntFunction<R> whole) {
    return new GrpcExchange<>(call, record, clock, fault, 0, null, null, whole);
  }

  @Override
  protected void start() {
    if (ack != null) {
      record.chunk(clock.nowMicros());
      response.write(ack);
    }
  }

  @Override
  protected void write(int index, boolean last) {
    if (streaming) {
      R message = token.of(index, last);
      record.tokenChunk(clock.nowMicros(), 1);
      if (last) {
        response.end(message);
        finish();
      } else {
        response.write(message);
      }
    } else if (last) {
      R message = whole.apply(index + 1);
      record.tokenChunk(clock.nowMicros(), index + 1);
      response.end(message);
      finish();
    }
  }

  @Override
  protected void writeMalformed(int index, boolean last) {
    record.tokenChunk(clock.nowMicros(), streaming ? 1 : index + 1);
    if (last) {
      response.endMessage(GrpcMessage.message("identity", GARBAGE));
      finish();
    } else {
      response.writeMessage(GrpcMessage.message("identity", GARBAGE));
    }
  }

  @Override
  protected void drop() {
    response.cancel();
  }

  @Override
  protected boolean gone() {
    return gone;
  }

  @Override
  protected void keepAlive() {
    call.connection().ping(Buffer.buffer(new byte[8]));
  }

  @Override
  protected int okStatus() {
    return GrpcStatus.OK.code;
  }

  @Override
  protected int cutStatus() {
    return GrpcStatus.CANCELLED.code;
  }

  private void cut() {
    gone = true;
    abort();
  }
}
