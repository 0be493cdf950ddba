package com.example.blog.local.dataapi;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Data API requests signed by the AWS SDK's own SigV4 signer, for tests that shape a request by hand (a wrong
 * body, an unknown operation) and still need a signature the server did not compute itself.
 */
final class SdkSignedRequests {

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private SdkSignedRequests() {
    }

    /**
     * The headers of a POST of {@code body} to {@code uri}, signed at {@code signedAt} for the local region.
     *
     * @param extraHeaders headers added before signing, so they are signed too
     */
    static Map<String, List<String>> sign(URI uri, String body, String accessKeyId, String secretAccessKey,
            Instant signedAt, Map<String, String> extraHeaders) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", "application/json");
        extraHeaders.forEach(request::putHeader);
        return SIGNER.sign(signing -> signing
                .identity(AwsCredentialsIdentity.create(accessKeyId, secretAccessKey))
                .request(request.build())
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "rds-data")
                .putProperty(AwsV4HttpSigner.REGION_NAME, DataApiSettings.DEFAULT_REGION)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
                .request().headers();
    }

    /** The headers of a POST signed now with the local stack's credentials. */
    static Map<String, List<String>> sign(URI uri, String body) {
        return sign(uri, body, DataApiSettings.DEFAULT_ACCESS_KEY_ID, DataApiSettings.DEFAULT_SECRET_ACCESS_KEY,
                Instant.now(), Map.of());
    }
}
