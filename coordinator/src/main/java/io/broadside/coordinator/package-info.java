/**
 * The coordinator: REST API, agent registry, run lifecycle, exact merge and result files. All of
 * its state is confined to the {@link io.broadside.coordinator.Coordinator} verticle's context;
 * file I/O goes through Vert.x's asynchronous file system or worker threads.
 */
package io.broadside.coordinator;
