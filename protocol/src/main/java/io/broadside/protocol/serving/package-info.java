/**
 * The gRPC APIs of the model servers Broadside tests (TGIS, Caikit NLP, KServe V2), bound for
 * Vert.x gRPC: each {@link io.broadside.protocol.serving.TargetMethod} has a server side (the
 * simulator) and a client side (the agent). The messages are generated from {@code src/main/proto}.
 */
package io.broadside.protocol.serving;
