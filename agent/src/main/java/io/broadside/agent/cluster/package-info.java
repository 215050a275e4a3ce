/**
 * An agent on its own host: joins the cluster as a Hazelcast lite member, finds the coordinator's
 * gRPC address among the members, and keeps one {@link io.broadside.agent.control.Agent} connected
 * to it as coordinators come and go. Its state lives on one Vert.x context.
 */
package io.broadside.agent.cluster;
