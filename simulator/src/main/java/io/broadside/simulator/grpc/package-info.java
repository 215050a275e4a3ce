/**
 * The GRPC family (h2c, Vert.x gRPC): TGIS {@code fmaas.GenerationService}, Caikit {@code
 * caikit.runtime.Nlp.NlpService} and KServe V2 {@code inference.GRPCInferenceService}, on the
 * shared backend. Statuses are logged as gRPC codes. Runs on the simulator's context.
 */
package io.broadside.simulator.grpc;
