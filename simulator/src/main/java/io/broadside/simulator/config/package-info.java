/**
 * How a simulator is set up: its families and ports, the simulated GPU, model hosting, faults and
 * stalls. A leaf: the servers read it, it reads none of them.
 */
package io.broadside.simulator.config;
