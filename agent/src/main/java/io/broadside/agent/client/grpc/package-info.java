/**
 * gRPC plumbing shared by the gRPC target clients: the lane's client, call metadata, timeouts and
 * status classes. Runs on the lane's event loop and never blocks.
 */
package io.broadside.agent.client.grpc;
