/** Server-sent events, parsed incrementally on the event loop. */
package io.broadside.agent.client.sse;
