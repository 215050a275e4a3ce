/** Connected agents and their control streams; owned by the coordinator's context. */
package io.broadside.coordinator.agent;
