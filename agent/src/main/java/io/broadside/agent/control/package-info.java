/**
 * The agent's side of the control and snapshot streams. {@link io.broadside.agent.control.Agent} is
 * a verticle: its state lives on its own context, apart from the lanes' event loops.
 */
package io.broadside.agent.control;
