/**
 * Amazon SageMaker runtime: InvokeEndpoint and the response stream (AWS event-stream), SigV4
 * signing with the AWS SDK's signer, SageMaker's error classes. Runs on the lane's event loop and
 * never blocks.
 */
package io.broadside.agent.client.sagemaker;
