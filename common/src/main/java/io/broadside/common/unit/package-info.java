/**
 * Quantities as written in plans and reports: durations ({@code 250ms}), rates ({@code 20/s}) and
 * percentages ({@code 5%}). Each parser accepts one documented form, rejects anything else with an
 * {@link java.lang.IllegalArgumentException} whose message starts with "must be …" and quotes the
 * bad text, and formats back to a form it parses to the same value. Stateless and thread-safe.
 */
package io.broadside.common.unit;
