package io.broadside.agent.client.kit;

import io.broadside.agent.client.TargetClient;
import io.broadside.common.plan.Auth;
import io.broadside.common.plan.SageMaker;
import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.SageMakerConfig;
import io.broadside.simulator.config.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * SageMaker InvokeEndpoint and its response stream, each request signed with SigV4 by the AWS SDK
 * signer with credentials from the SDK's default chain (test credentials in system properties,
 * never real ones); the simulated endpoint verifies every signature with the same SDK, so an
 * unsigned or wrongly signed request fails these tests. Models are named by the Inference-Component
 * header, and by a multi-model endpoint's Target-Model in one test.
 */
class SageMakerKitTest extends TargetCompatibilityKit {
  static final String ACCESS_KEY = "AKIDBROADSIDEKIT";
  static final String SECRET = "kit-secret-not-a-real-one";

  @BeforeAll
  static void testCredentials() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET);
  }

  @AfterAll
  static void clearCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Override
  Family family() {
    return Family.SAGEMAKER;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.SAGEMAKER;
  }

  @Override
  SimulatorConfig configure(SimulatorConfig config) {
    return config.withSageMaker(
        new SageMakerConfig("broadside-kit", "us-east-1", ACCESS_KEY, SECRET));
  }

  @Override
  Auth auth() {
    return new Auth.SigV4("us-east-1");
  }

  @Override
  SageMaker sagemaker() {
    return new SageMaker("broadside-kit", route, "trace=kit", null);
  }

  @Override
  String errorClass() {
    return "model_error";
  }

  @Override
  String throttleClass() {
    return "throttled";
  }

  /**
   * Inference components name the model in both operations; a multi-model endpoint's Target-Model
   * goes with InvokeEndpoint only (its response stream takes none).
   */
  private SageMaker.Route route = SageMaker.Route.INFERENCE_COMPONENT;

  @org.junit.jupiter.api.Test
  void aMultiModelEndpointsTargetModelNamesTheModel() {
    route = SageMaker.Route.TARGET_MODEL;
    java.nio.file.Path log = dir.resolve("components.jsonl");
    io.broadside.simulator.Simulator sim =
        simulator(
            c ->
                c.withPreset(io.broadside.simulator.config.GpuPreset.INSTANT)
                    .withModels(java.util.List.of("model-1.tar.gz", "model-2.tar.gz"))
                    .withRequestLog(log));
    TargetClient client = client(sim, false, java.time.Duration.ofSeconds(5));

    RecordingListener a = sendSequentially(client, "model-2.tar.gz", 1).get(0);
    await(sim.close());

    org.assertj.core.api.Assertions.assertThat(a.ok()).as(a.toString()).isTrue();
    org.assertj.core.api.Assertions.assertThat(
            io.broadside.simulator.log.RequestLogReader.read(log).get(0).model())
        .isEqualTo("model-2.tar.gz");
  }

  @org.junit.jupiter.api.Test
  void aRequestSignedWithTheWrongSecretIsRefused() {
    io.broadside.simulator.Simulator sim =
        simulator(c -> c.withPreset(io.broadside.simulator.config.GpuPreset.INSTANT));
    System.setProperty("aws.secretAccessKey", "not-the-endpoints-secret");
    RecordingListener answer;
    try {
      answer =
          sendSequentially(client(sim, false, java.time.Duration.ofSeconds(5)), MODEL, 1).get(0);
    } finally {
      System.setProperty("aws.secretAccessKey", SECRET);
    }

    org.assertj.core.api.Assertions.assertThat(answer.errorClass).isEqualTo("http_403");
    org.assertj.core.api.Assertions.assertThat(answer.detail)
        .contains("signature we calculated does not match");
  }

  @Override
  boolean standsForItsFamily() {
    return true;
  }
}
