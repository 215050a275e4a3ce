/**
 * The Vert.x side of the simulator: a verticle that owns one context, the HTTP server on it, the
 * router, and the driver that runs the engine from timers on that context. Nothing here blocks the
 * event loop; the request log is written with the asynchronous file API.
 */
package io.broadside.simulator.server;
