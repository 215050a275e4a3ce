/**
 * The continuous-batching model of one GPU, in pure Java with no clock of its own: every method
 * takes the current time in nanoseconds on a monotonic timeline chosen by the caller ({@code
 * System.nanoTime()} in the server, a counter in tests), so the same code runs in real and in
 * virtual time.
 *
 * <p>Not thread-safe: one thread (in the server, the simulator's Vert.x context) owns an engine and
 * makes every call, including the re-entrant calls that {@link
 * io.broadside.simulator.engine.TokenSink}s make while tokens are being emitted.
 */
package io.broadside.simulator.engine;
