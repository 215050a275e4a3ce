/**
 * The versioned coordinator↔agent wire contract: the gRPC service binding for Vert.x and the one
 * place where wire messages become records of {@code common}.
 */
package io.broadside.protocol;
