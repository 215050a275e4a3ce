/**
 * Who may use the REST API: bearer tokens kept as hashes with their roles, the checks every request
 * passes (host, origin, content type, token, role), and the audit log of what changed runs.
 */
package io.broadside.coordinator.access;
