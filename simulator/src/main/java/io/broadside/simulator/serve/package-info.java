/**
 * What every protocol family shares: the {@link io.broadside.simulator.serve.Backend} (engine,
 * vocabulary, request log, hosting, faults) and the {@link io.broadside.simulator.serve.Exchange}
 * that turns one sequence's tokens into a family's framing and one request-log line. Each family
 * package writes only its own parsing and framing.
 *
 * <p>Everything here runs on the simulator's Vert.x context and never blocks it.
 */
package io.broadside.simulator.serve;
