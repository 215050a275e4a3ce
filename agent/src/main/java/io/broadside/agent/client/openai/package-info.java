/** OpenAI-compatible chat and completions over HTTP, streamed (SSE) or not. */
package io.broadside.agent.client.openai;
