/**
 * The simulator's notion of a token: a prompt has one token per whitespace-separated word, and
 * output token {@code i} is one word chosen deterministically from the seed. Pure functions, safe
 * from any thread.
 */
package io.broadside.simulator.token;
