/** HTTP plumbing shared by the HTTP-based target clients. */
package io.broadside.agent.target.http;
