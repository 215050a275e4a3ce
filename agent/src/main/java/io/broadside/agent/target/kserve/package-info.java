/**
 * KServe V1 predict and Open Inference Protocol (V2) infer over REST and gRPC, their readiness
 * checks, and the tensors built from the plan. Runs on the lane's event loop and never blocks.
 */
package io.broadside.agent.target.kserve;
