/**
 * The TGI family: Hugging Face text-generation-inference's native {@code /generate} and {@code
 * /generate_stream} (PROTOCOLS.md §3.5). Its request parsing and SSE framing are also the inner
 * stream of the SageMaker family. Runs on the simulator's context.
 */
package io.broadside.simulator.tgi;
