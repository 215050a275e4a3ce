/**
 * Triton's generate extension (generate and generate_stream). Runs on the lane's event loop and
 * never blocks.
 */
package io.broadside.agent.client.triton;
