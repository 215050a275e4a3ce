package io.broadside.common.plan;

/**
 * The one shape of a plan's load. Sealed so that each executor handles every shape; new shapes
 * (sweep, burst, count, trace, saturate, feedback) are added as new permitted records.
 */
public sealed interface LoadShape permits Stages {}
