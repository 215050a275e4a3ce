/**
 * HdrHistogram conventions shared by agents and coordinator: one shape for every histogram (so
 * {@code add} takes the fast path) and the wire codec.
 */
package io.broadside.common.histogram;
