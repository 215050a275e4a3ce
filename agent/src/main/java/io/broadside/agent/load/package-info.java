/**
 * The load engine: the stage timeline, arrival schedules, and {@link io.broadside.agent.load.Lane}s
 * — one per event loop, each running its share of virtual users or arrivals as state machines on
 * that event loop, never a thread per user.
 */
package io.broadside.agent.load;
