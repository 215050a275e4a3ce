/**
 * The Caikit families' framing: Caikit HTTP ({@code /api/v1/task/…}, PROTOCOLS.md §2.3) here; the
 * Caikit NLP gRPC service lives with the other gRPC services in {@code grpc}. Runs on the
 * simulator's context.
 */
package io.broadside.simulator.caikit;
