/**
 * Multi-model hosting: a memory budget, loads on first use timed by Vert.x timers, LRU unloading of
 * idle models, and cold-start waits. Owned by the simulator's context.
 */
package io.broadside.simulator.hosting;
