/**
 * The SAGEMAKER family: SageMaker Runtime's InvokeEndpoint and InvokeEndpointWithResponseStream in
 * front of a TGI container (PROTOCOLS.md §4): AWS event-stream framing, SigV4 verification and the
 * service's error codes. Runs on the simulator's context.
 */
package io.broadside.simulator.sagemaker;
