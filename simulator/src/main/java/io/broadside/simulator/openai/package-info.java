/**
 * The OpenAI-compatible routes ({@code /v1/chat/completions}, {@code /v1/completions}, {@code
 * /v1/models}): request parsing, the JSON and SSE shapes of PROTOCOLS.md §3, and one exchange
 * object per request that turns the engine's tokens into chunks and a request-log record.
 *
 * <p>Everything here runs on the simulator's Vert.x context and never blocks it.
 */
package io.broadside.simulator.openai;
