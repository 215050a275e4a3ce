/** Text measures shared by the agent and the simulator. */
package io.broadside.common.text;
