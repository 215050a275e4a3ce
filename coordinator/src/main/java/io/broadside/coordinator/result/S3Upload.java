package io.broadside.coordinator.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.plan.PlanFiles;
import io.broadside.common.plan.PlanParser;
import io.broadside.coordinator.store.RunFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Uploads a run directory to S3-compatible storage: every file as {@code <prefix>/<run>/<file>},
 * each object carrying as user metadata ({@code x-amz-meta-…}) the run's id, name and status and
 * the plan's tags ({@code tag-<key>}), so a bucket of results can be searched by release. (Object
 * tagging is left out: S3-compatible servers commonly do not implement it.) Credentials come from
 * the AWS SDK's default provider chain (environment, profile, …); the HTTP client is the JDK's,
 * never a second Netty next to Vert.x's. Blocking: call on a worker thread.
 */
public final class S3Upload {
  private S3Upload() {}

  /**
   * Where to upload.
   *
   * @param bucket the bucket, which must exist
   * @param prefix nullable: the key prefix, without a trailing slash
   * @param endpoint nullable: an S3-compatible server's URL (path-style addressing); null for AWS
   * @param region the signing region
   */
  public record Target(String bucket, String prefix, URI endpoint, String region) {
    /** {@code s3://bucket/prefix} with an optional endpoint and region (us-east-1 by default). */
    public static Target parse(String url, URI endpoint, String region) {
      if (!url.startsWith("s3://") || url.length() == "s3://".length()) {
        throw new IllegalArgumentException("must be s3://bucket[/prefix], was '" + url + "'");
      }
      String rest = url.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? null : rest.substring(slash + 1).replaceAll("/+$", "");
      return new Target(
          bucket,
          prefix == null || prefix.isEmpty() ? null : prefix,
          endpoint,
          region == null ? "us-east-1" : region);
    }
  }

  /**
   * Uploads the files of {@code runDir}; returns the keys written, in order.
   *
   * @param metadata the run's id, name and status (and anything else), as object metadata
   * @param tags the plan's tags, as metadata {@code tag-<key>}
   */
  public static List<String> upload(
      Path runDir, Target target, Map<String, String> metadata, Map<String, String> tags)
      throws IOException {
    var builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(target.region()))
            // checksums only where S3 requires them: S3-compatible servers refuse the headers
            .requestChecksumCalculation(
                software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(
                software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED);
    if (target.endpoint() != null) {
      builder
          .endpointOverride(target.endpoint())
          .serviceConfiguration(
              S3Configuration.builder()
                  .pathStyleAccessEnabled(true)
                  // whole signed payloads: S3-compatible servers often lack aws-chunked uploads
                  .chunkedEncodingEnabled(false)
                  .build());
    }
    Map<String, String> meta = new LinkedHashMap<>();
    metadata.forEach((k, v) -> meta.put(k, v == null ? "" : v));
    tags.forEach((k, v) -> meta.put("tag-" + k, v == null ? "" : v));
    String run = runDir.getFileName().toString();
    String base = (target.prefix() == null ? "" : target.prefix() + "/") + run + "/";
    List<String> keys = new ArrayList<>();
    try (S3Client s3 = builder.build();
        Stream<Path> files = Files.walk(runDir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String key = base + runDir.relativize(file).toString().replace('\\', '/');
        PutObjectRequest.Builder put =
            PutObjectRequest.builder()
                .bucket(target.bucket())
                .key(key)
                .metadata(meta)
                .contentType(contentType(file));
        s3.putObject(put.build(), RequestBody.fromFile(file));
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * Uploads a run directory as {@link #upload} does, its metadata (run id, name, status) read from
   * run.json and its tags from the plan.
   */
  public static List<String> uploadRun(Path runDir, Target target) throws IOException {
    var json = new ObjectMapper();
    Path runFile = runDir.resolve(RunFiles.RUN);
    if (!Files.exists(runFile)) {
      throw new IOException(runDir + " is not a finished run directory: it has no run.json");
    }
    var run = json.readTree(runFile.toFile());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("run", run.path("id").asText(runDir.getFileName().toString()));
    metadata.put("name", run.path("name").asText(""));
    metadata.put("status", run.path("status").asText(""));
    Map<String, String> tags = new LinkedHashMap<>();
    Path plan = runDir.resolve(RunFiles.PLAN);
    if (Files.exists(plan)) {
      var parsed = PlanParser.parseWith(Files.readString(plan), PlanFiles.readBack());
      if (parsed.ok()) {
        tags.putAll(parsed.plan().tags());
      }
    }
    return upload(runDir, target, metadata, tags);
  }

  private static String contentType(Path file) {
    String name = file.getFileName().toString();
    if (name.endsWith(".json")) {
      return "application/json";
    }
    if (name.endsWith(".yaml")) {
      return "application/yaml";
    }
    if (name.endsWith(".html")) {
      return "text/html";
    }
    return name.endsWith(".tsv") || name.endsWith(".hlog") || name.endsWith(".csv")
        ? "text/plain"
        : "application/octet-stream";
  }
}
