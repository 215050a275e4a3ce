/**
 * Fault injection per protocol family: a seeded draw per request of error, malformed, dropped or
 * throttled answers, and the keep-alive period of streams. Owned by the simulator's context.
 */
package io.broadside.simulator.fault;
