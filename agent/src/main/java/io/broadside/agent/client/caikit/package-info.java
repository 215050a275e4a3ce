/**
 * Caikit NLP, over gRPC (model in the mm-model-id metadata) and over HTTP (CRLF SSE with ping
 * comments). Runs on the lane's event loop and never blocks.
 */
package io.broadside.agent.client.caikit;
