package io.broadside.protocol;

import io.broadside.protocol.v1.AgentMessage;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.FileChunk;
import io.broadside.protocol.v1.FileRequest;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.SnapshotAck;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;

/**
 * Vert.x gRPC bindings of {@code broadside.v1.AgentService} (agent.proto): the two streaming
 * methods and the plan files' download, for the server side (coordinator) and the client side
 * (agent).
 */
public final class AgentServiceGrpc {
  /** Bumped on any change a peer of the previous version could not understand. */
  public static final int PROTOCOL_VERSION = 2;

  public static final ServiceName SERVICE = ServiceName.create("broadside.v1", "AgentService");

  public static final ServiceMethod<AgentMessage, CoordinatorMessage> CONTROL_SERVER =
      ServiceMethod.server(
          SERVICE,
          "Control",
          GrpcMessageEncoder.encoder(),
          GrpcMessageDecoder.decoder(AgentMessage.getDefaultInstance()));

  public static final ServiceMethod<CoordinatorMessage, AgentMessage> CONTROL_CLIENT =
      ServiceMethod.client(
          SERVICE,
          "Control",
          GrpcMessageEncoder.encoder(),
          GrpcMessageDecoder.decoder(CoordinatorMessage.getDefaultInstance()));

  public static final ServiceMethod<Snapshot, SnapshotAck> SNAPSHOTS_SERVER =
      ServiceMethod.server(
          SERVICE,
          "Snapshots",
          GrpcMessageEncoder.encoder(),
          GrpcMessageDecoder.decoder(Snapshot.getDefaultInstance()));

  public static final ServiceMethod<SnapshotAck, Snapshot> SNAPSHOTS_CLIENT =
      ServiceMethod.client(
          SERVICE,
          "Snapshots",
          GrpcMessageEncoder.encoder(),
          GrpcMessageDecoder.decoder(SnapshotAck.getDefaultInstance()));

  public static final ServiceMethod<FileRequest, FileChunk> FILES_SERVER =
      ServiceMethod.server(
          SERVICE,
          "Files",
          GrpcMessageEncoder.encoder(),
          GrpcMessageDecoder.decoder(FileRequest.getDefaultInstance()));

  public static final ServiceMethod<FileChunk, FileRequest> FILES_CLIENT =
      ServiceMethod.client(
          SERVICE,
          "Files",
          GrpcMessageEncoder.encoder(),
          GrpcMessageDecoder.decoder(FileChunk.getDefaultInstance()));

  private AgentServiceGrpc() {}
}
