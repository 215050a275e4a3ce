/** IBM TGIS over gRPC (fmaas.GenerationService). Runs on the lane's event loop and never blocks. */
package io.broadside.agent.client.tgis;
