package io.broadside.coordinator.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A run directory uploaded to a real S3-compatible server on loopback (S3Proxy, in memory, checking
 * SigV4 signatures, in a process of its own): every file becomes an object under the prefix and run
 * id, with the run's metadata and the plan's tags.
 */
class S3UploadIT {
  private static final String ACCESS = "AKIDBROADSIDES3";
  private static final String SECRET = "broadside-s3-secret";

  @TempDir Path dir;
  S3ProxyProcess proxy;
  S3Client s3;

  @BeforeEach
  void start() throws Exception {
    proxy = S3ProxyProcess.start(dir, ACCESS, SECRET);
    // the uploader takes the SDK's default credentials: here, from system properties
    System.setProperty("aws.accessKeyId", ACCESS);
    System.setProperty("aws.secretAccessKey", SECRET);
    s3 =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.US_EAST_1)
            // checksums only where S3 requires them: S3-compatible servers refuse the headers
            .requestChecksumCalculation(
                software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(
                software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
            .endpointOverride(endpoint())
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build();
    s3.createBucket(b -> b.bucket("results"));
  }

  private URI endpoint() {
    return proxy.endpoint();
  }

  @AfterEach
  void stop() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    s3.close();
    proxy.close();
  }

  @Test
  void everyFileOfTheRunIsUploadedWithItsMetadataAndTags() throws Exception {
    Path run = dir.resolve("20261202-010203-abcd");
    Files.createDirectories(run);
    Files.writeString(run.resolve("plan.yaml"), "name: demo\n");
    Files.writeString(run.resolve("run.json"), "{\"status\":\"completed\"}");
    Files.writeString(run.resolve("summary.json"), "{\"run\":\"20261202-010203-abcd\"}");
    Files.write(run.resolve("histograms.hlog"), new byte[64 * 1024]);

    List<String> keys =
        S3Upload.upload(
            run,
            S3Upload.Target.parse("s3://results/nightly/", endpoint(), "us-east-1"),
            Map.of("run", "20261202-010203-abcd", "name", "demo", "status", "completed"),
            Map.of("release", "2.5.0", "team", "serving"));

    assertThat(keys)
        .containsExactly(
            "nightly/20261202-010203-abcd/histograms.hlog",
            "nightly/20261202-010203-abcd/plan.yaml",
            "nightly/20261202-010203-abcd/run.json",
            "nightly/20261202-010203-abcd/summary.json");
    List<S3Object> listed =
        s3.listObjectsV2(b -> b.bucket("results").prefix("nightly/")).contents();
    assertThat(listed).extracting(S3Object::key).containsExactlyElementsOf(keys);
    assertThat(listed.get(0).size()).isEqualTo(64 * 1024);
    var head = s3.headObject(b -> b.bucket("results").key(keys.get(3)));
    assertThat(head.metadata())
        .containsEntry("run", "20261202-010203-abcd")
        .containsEntry("status", "completed");
    assertThat(head.contentType()).isEqualTo("application/json");
    assertThat(s3.getObjectAsBytes(b -> b.bucket("results").key(keys.get(3))).asUtf8String())
        .isEqualTo("{\"run\":\"20261202-010203-abcd\"}");
    assertThat(s3.headObject(b -> b.bucket("results").key(keys.get(1))).metadata())
        .containsEntry("tag-release", "2.5.0")
        .containsEntry("tag-team", "serving")
        .containsEntry("name", "demo");
  }

  @Test
  void aWrongSecretIsRefusedByTheServer() throws Exception {
    System.setProperty("aws.secretAccessKey", "not-the-secret");
    Path run = dir.resolve("r");
    Files.createDirectories(run);
    Files.writeString(run.resolve("run.json"), "{}");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                S3Upload.upload(
                    run,
                    S3Upload.Target.parse("s3://results", endpoint(), null),
                    Map.of(),
                    Map.of()))
        .hasMessageContaining("403");
  }
}
