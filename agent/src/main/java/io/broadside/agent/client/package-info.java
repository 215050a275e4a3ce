/**
 * Target clients: one per protocol behind {@link io.broadside.agent.client.TargetClient}. A client
 * reports events to an {@link io.broadside.agent.client.ExchangeListener} and never computes a
 * metric. Clients run on the event loop of the lane that created them and never block.
 */
package io.broadside.agent.client;
