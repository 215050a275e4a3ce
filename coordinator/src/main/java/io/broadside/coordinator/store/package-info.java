/**
 * The run directory: its file names and the counter log's format and reader. A leaf: it knows no
 * other coordinator package.
 */
package io.broadside.coordinator.store;
