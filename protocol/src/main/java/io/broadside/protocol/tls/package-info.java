/** The cluster's certificate authority and the certificates it issues (PEM files). */
package io.broadside.protocol.tls;
