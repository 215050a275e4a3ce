/**
 * Any JSON endpoint from the plan's request template. Runs on the lane's event loop and never
 * blocks.
 */
package io.broadside.agent.client.template;
