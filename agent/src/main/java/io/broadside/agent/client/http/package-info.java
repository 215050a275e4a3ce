/** HTTP plumbing shared by the HTTP-based target clients. */
package io.broadside.agent.client.http;
