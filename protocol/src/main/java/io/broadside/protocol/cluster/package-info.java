/**
 * Cluster membership through Hazelcast: discovery only (who is there, and where a coordinator's
 * gRPC endpoint is). Coordinators are full members, agents lite members that own no partitions.
 * Starting a member blocks: call {@link io.broadside.protocol.cluster.Membership#join} on a worker
 * thread.
 */
package io.broadside.protocol.cluster;
