package io.broadside.common.plan;

/**
 * Credentials, named never inlined: the bearer token is read from the environment variable {@code
 * bearerEnv} on the agent at run time.
 */
public record Auth(String bearerEnv) {}
