package io.broadside.coordinator.access;

/**
 * Who sent a request: the token's name and role, or {@code local} (every role) on a loopback
 * coordinator that has no tokens.
 */
public record Caller(String name, Role role) {
  public static final Caller LOCAL = new Caller("local", Role.ADMIN);
}
