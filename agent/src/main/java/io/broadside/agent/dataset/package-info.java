/** Prompts for requests, loaded once per agent off the event loop, then read-only. */
package io.broadside.agent.dataset;
