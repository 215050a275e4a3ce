/** Deterministic sharding: pure functions every agent and the coordinator compute alike. */
package io.broadside.common.shard;
