package io.broadside.simulator.sagemaker;

import io.broadside.simulator.config.SageMakerConfig;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Checks a request's SigV4 signature by signing it again with the configured secret: the request
 * rebuilt from the headers its {@code SignedHeaders} lists, signed by {@link AwsV4HttpSigner} at
 * its {@code X-Amz-Date} (service {@code sagemaker}, the configured region, signed payload), must
 * give the same {@code Authorization}. Also rejects an unknown access key id and a date more than 5
 * minutes from now. Stateless apart from the signer's key cache; thread-safe. A signature costs
 * tens of microseconds; the first one loads classes, so {@link #warmUp} it off the event loop.
 */
final class SigV4Verifier {
  static final String MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/\\d{8}/[^/]+/[^/]+/aws4_request,\\s*"
              + "SignedHeaders=([^,]+),\\s*Signature=[0-9a-f]+");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final SageMakerConfig config;

  SigV4Verifier(SageMakerConfig config) {
    this.config = config;
  }

  /** Signs one request, so that the first check does not load the signer on the event loop. */
  static void warmUp() {
    sign(
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("http://localhost/ping"))
            .build(),
        new byte[0],
        "us-east-1",
        AwsCredentialsIdentity.create("AKID", "secret"),
        Instant.now());
  }

  /** Null when {@code request} is signed right, else the message of the 403. */
  String check(HttpServerRequest request, byte[] body) {
    String authorization = request.getHeader("Authorization");
    String date = request.getHeader("X-Amz-Date");
    if (authorization == null || date == null) {
      return "Missing Authentication Token";
    }
    Matcher parts = AUTHORIZATION.matcher(authorization.trim());
    if (!parts.matches()) {
      return "Authorization header is malformed";
    }
    if (!parts.group(1).equals(config.accessKeyId())) {
      return "The security token included in the request is invalid.";
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(date));
    } catch (RuntimeException e) {
      return "X-Amz-Date is not a valid date";
    }
    if (Duration.between(signedAt, Instant.now()).abs().compareTo(SKEW) > 0) {
      return "Signature expired: " + date + " is more than 5 minutes from the server's time";
    }
    String host = request.getHeader("Host");
    SdkHttpRequest.Builder rebuilt =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("http://" + host + request.uri()));
    for (String name : parts.group(2).split(";")) {
      for (String value : request.headers().getAll(name)) {
        rebuilt.appendHeader(name, value);
      }
    }
    String expected =
        sign(
                rebuilt.build(),
                body,
                config.region(),
                AwsCredentialsIdentity.create(config.accessKeyId(), config.secretAccessKey()),
                signedAt)
            .request()
            .firstMatchingHeader("Authorization")
            .orElse("");
    return expected.equals(authorization.trim()) ? null : MISMATCH;
  }

  private static SignedRequest sign(
      SdkHttpRequest request,
      byte[] body,
      String region,
      AwsCredentialsIdentity identity,
      Instant at) {
    return SIGNER.sign(
        r ->
            r.identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
  }
}
