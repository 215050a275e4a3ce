/**
 * The request log: one JSONL line per finished request, with times on one epoch-anchored
 * microsecond clock. Records are filled and handed over on the simulator's context; the file is
 * written through Vert.x's asynchronous file API, so the event loop never waits on the disk.
 */
package io.broadside.simulator.log;
