package io.broadside.agent.target.sagemaker;

import io.vertx.core.MultiMap;
import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs SageMaker requests with the AWS SDK's SigV4 signer (signing name {@code sagemaker}, the
 * payload hashed), credentials from the SDK's provider (which caches them). CPU only: the digest
 * and HMACs of one request; safe on an event loop once the provider has been resolved once off it.
 */
public final class SigV4Signer {
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final AwsCredentialsProvider credentials;
  private final String region;

  public SigV4Signer(AwsCredentialsProvider credentials, String region) {
    this.credentials = credentials;
    this.region = region;
  }

  /** The headers to add (Authorization, X-Amz-Date, x-amz-content-sha256, …, Host). */
  public Map<String, List<String>> sign(String url, MultiMap headers, byte[] body) {
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().uri(URI.create(url)).method(SdkHttpMethod.POST);
    headers.forEach(h -> request.appendHeader(h.getKey(), h.getValue()));
    SignedRequest signed =
        SIGNER.sign(
            r ->
                r.identity(credentials.resolveCredentials())
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    return signed.request().headers();
  }
}
