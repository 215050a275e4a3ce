package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SageMakerConfig;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class SageMakerTest extends WithTestVertx {
  private static final String BODY =
      "{\"inputs\": \"one two\", \"parameters\": {\"max_new_tokens\": 30, \"details\": true}}";

  record Raw(int status, MultiMap headers, Buffer body) {}

  @Test
  void invocationsAnswerAnArrayAndTheStreamCarriesTgiSseInPayloadParts() {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim = test.simulator(config(log, SageMakerConfig.defaults()));
    int port = sim.port(Family.SAGEMAKER);

    Raw unary =
        send(
            port,
            "/endpoints/broadside-sim/invocations",
            Map.of("X-Amzn-SageMaker-Custom-Attributes", "a=1"));
    Raw stream = send(port, "/endpoints/broadside-sim/invocations-response-stream", Map.of());
    Raw wrongEndpoint = send(port, "/endpoints/other/invocations", Map.of());
    Raw wrongModel =
        send(
            port,
            "/endpoints/broadside-sim/invocations",
            Map.of("X-Amzn-SageMaker-Target-Model", "x.tar.gz"));
    TestVertx.await(sim.close());

    assertThat(unary.status()).isEqualTo(200);
    assertThat(unary.headers().get("X-Amzn-SageMaker-Custom-Attributes")).isEqualTo("a=1");
    assertThat(unary.headers().get("x-Amzn-Invoked-Production-Variant")).isEqualTo("AllTraffic");
    JsonObject answer = new JsonArray(unary.body()).getJsonObject(0);
    assertThat(answer.getJsonObject("details").getInteger("generated_tokens")).isEqualTo(30);

    assertThat(stream.headers().get("Content-Type"))
        .isEqualTo("application/vnd.amazon.eventstream");
    assertThat(stream.headers().get("X-Amzn-SageMaker-Content-Type"))
        .isEqualTo("text/event-stream");
    List<Message> messages = new ArrayList<>();
    new MessageDecoder(messages::add).feed(stream.body().getBytes());
    assertThat(messages.size()).isGreaterThan(10);
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    for (Message m : messages) {
      assertThat(m.getHeaders().get(":event-type").getString()).isEqualTo("PayloadPart");
      assertThat(m.getPayload().length).isBetween(1, 64);
      inner.writeBytes(m.getPayload());
    }
    String[] events = inner.toString(StandardCharsets.UTF_8).split("\n\n");
    assertThat(events).hasSize(30).allSatisfy(e -> assertThat(e).startsWith("data:{"));
    JsonObject last = new JsonObject(events[29].substring(5));
    assertThat(last.getJsonObject("details").getInteger("generated_tokens")).isEqualTo(30);
    assertThat(last.getString("generated_text")).isEqualTo(answer.getString("generated_text"));

    assertThat(wrongEndpoint.status()).isEqualTo(400);
    assertThat(wrongEndpoint.headers().get("x-amzn-ErrorType")).isEqualTo("ValidationError");
    assertThat(wrongModel.status()).isEqualTo(400);
    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries)
        .extracting(RequestLogEntry::endpoint, RequestLogEntry::completionTokens)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sagemaker_invocations", 30),
            org.assertj.core.groups.Tuple.tuple("sagemaker_invocations_stream", 30),
            org.assertj.core.groups.Tuple.tuple("sagemaker_invocations", 0),
            org.assertj.core.groups.Tuple.tuple("sagemaker_invocations", 0));
    assertThat(entries.get(1).tokenChunksUs()).hasSize(30);
  }

  @Test
  void sigV4SignedWithTheRightSecretPassesAndTheWrongOneIs403() {
    SageMakerConfig signed = new SageMakerConfig("broadside-sim", "eu-west-1", "AKIDTEST", "right");
    Simulator sim = test.simulator(config(null, signed));
    int port = sim.port(Family.SAGEMAKER);
    String path = "/endpoints/broadside-sim/invocations";

    Raw good = send(port, path, sign(port, path, "right"));
    Raw bad = send(port, path, sign(port, path, "wrong"));
    Raw unsigned = send(port, path, Map.of());
    TestVertx.await(sim.close());

    assertThat(good.status()).isEqualTo(200);
    assertThat(bad.status()).isEqualTo(403);
    assertThat(bad.headers().get("x-amzn-ErrorType")).isEqualTo("InvalidSignatureException");
    assertThat(new JsonObject(bad.body()).getString("message"))
        .startsWith("The request signature we calculated does not match");
    assertThat(unsigned.status()).isEqualTo(403);
  }

  private static Map<String, String> sign(int port, String path, String secret) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("http://127.0.0.1:" + port + path))
            .putHeader("Content-Type", "application/json")
            .build();
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create("AKIDTEST", secret))
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(BODY))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true))
            .request();
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    signed.headers().forEach((name, values) -> headers.put(name, values.get(0)));
    return headers;
  }

  private Raw send(int port, String path, Map<String, String> headers) {
    return TestVertx.await(
        test.onClientContext(
            () ->
                test.http1
                    .request(HttpMethod.POST, port, "127.0.0.1", path)
                    .compose(
                        request -> {
                          request.putHeader("Content-Type", "application/json");
                          headers.forEach(request::putHeader);
                          return request.send(BODY);
                        })
                    .compose(
                        response ->
                            response
                                .body()
                                .compose(
                                    body ->
                                        Future.succeededFuture(
                                            new Raw(
                                                response.statusCode(),
                                                response.headers(),
                                                body))))));
  }

  private static SimulatorConfig config(Path log, SageMakerConfig sagemaker) {
    return SimulatorConfig.defaults()
        .withPreset(GpuPreset.INSTANT)
        .withFamily(Family.SAGEMAKER, 0)
        .withSageMaker(sagemaker)
        .withRequestLog(log);
  }
}
