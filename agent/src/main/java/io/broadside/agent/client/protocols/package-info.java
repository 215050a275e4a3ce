/**
 * The clients of a target by protocol: {@link io.broadside.agent.client.protocols.TargetClients}
 * picks the client of a target's protocol from the protocol packages, {@link
 * io.broadside.agent.client.protocols.ModelClients} keeps a lane's clients by model, and {@link
 * io.broadside.agent.client.protocols.PreparedTarget} holds what they read in advance. It sits
 * above the protocol packages, which share the types of {@link io.broadside.agent.client} below
 * them.
 */
package io.broadside.agent.client.protocols;
