/**
 * KServe V1 predict and Open Inference Protocol (V2) infer over REST and gRPC, their readiness
 * checks, and the tensors built from the plan. {@link KserveInputs} makes the tensors and encodes
 * the requests (decoding images) once per run on a worker thread; the clients run on the lane's
 * event loop and never block.
 */
package io.broadside.agent.client.kserve;
