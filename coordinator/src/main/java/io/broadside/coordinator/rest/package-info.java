/** The REST API under /api/v1 (DESIGN.md §7), on the coordinator's context. */
package io.broadside.coordinator.rest;
