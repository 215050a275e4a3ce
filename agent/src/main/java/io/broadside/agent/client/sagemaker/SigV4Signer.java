package io.broadside.agent.client.sagemaker;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs SageMaker requests with the AWS SDK's SigV4 signer (signing name {@code sagemaker}, the
 * payload hashed). Signing is CPU only (the digest and HMACs of one request). The credentials are
 * held here and refreshed from the SDK's provider on a worker thread every {@link #REFRESH_MS} ms:
 * a provider may block to refresh (instance or container credentials over HTTP), and the event loop
 * that signs must never wait for it. Used on one lane's event loop.
 */
public final class SigV4Signer {
  static final long REFRESH_MS = 60_000;
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final Vertx vertx;
  private final AwsCredentialsProvider provider;
  private final String region;
  private volatile AwsCredentialsIdentity identity;
  private long resolvedAtNanos;
  private boolean refreshing;

  /**
   * @param first the provider's credentials, resolved off the event loop
   */
  public SigV4Signer(
      Vertx vertx, AwsCredentialsProvider provider, AwsCredentialsIdentity first, String region) {
    this.vertx = vertx;
    this.provider = provider;
    this.identity = first;
    this.resolvedAtNanos = System.nanoTime();
    this.region = region;
  }

  private void refreshWhenOld() {
    if (refreshing || System.nanoTime() - resolvedAtNanos < REFRESH_MS * 1_000_000) {
      return;
    }
    refreshing = true;
    vertx
        .executeBlocking(provider::resolveCredentials, false)
        .onComplete(
            ar -> {
              refreshing = false;
              resolvedAtNanos = System.nanoTime();
              if (ar.succeeded()) {
                identity = ar.result();
              }
            });
  }

  /** The headers to add (Authorization, X-Amz-Date, x-amz-content-sha256, …, Host). */
  public Map<String, List<String>> sign(String url, MultiMap headers, byte[] body) {
    refreshWhenOld();
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().uri(URI.create(url)).method(SdkHttpMethod.POST);
    headers.forEach(h -> request.appendHeader(h.getKey(), h.getValue()));
    SignedRequest signed =
        SIGNER.sign(
            r ->
                r.identity(identity)
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    return signed.request().headers();
  }
}
