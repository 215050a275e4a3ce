/**
 * The {@code broadside} command: the only place that wires an embedded coordinator, agent and
 * simulator into one process. Commands run on the main thread and wait on futures; no command
 * blocks an event loop.
 */
package io.broadside.cli;
