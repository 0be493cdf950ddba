package com.example.blog.local.s3;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Function;

import com.example.blog.local.sigv4.Credential;
import com.example.blog.local.sigv4.SigV4;

/**
 * Verifies AWS Signature Version 4 as S3 does, for requests signed in the {@code Authorization} header and for
 * presigned URLs (query-string authentication), and signs the chunks of an aws-chunked body's chain of signatures.
 * The canonical URI is the path encoded once, not normalised, as S3 expects (unlike other services).
 */
final class SigV4Verifier {

    private final String accessKeyId;
    private final String secretAccessKey;
    private final Duration maxSkew;
    private final Clock clock;

    SigV4Verifier(String accessKeyId, String secretAccessKey, Duration maxSkew, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.maxSkew = maxSkew;
        this.clock = clock;
    }

    /** What a verified request was signed with, to go on verifying the chunks of its body. */
    record Signed(String amzDate, String scope, byte[] signingKey, String seedSignature, String payloadHash,
            boolean presigned) {
    }

    /**
     * Verifies the request.
     *
     * @param header looks a header up by its lower-case name; null when absent, several values joined by commas
     */
    Signed verify(String method, String rawPath, String rawQuery, Function<String, String> header) {
        Map<String, String> query = SigV4.parseQuery(rawQuery);
        String authorization = header.apply("authorization");
        if (authorization != null) {
            return verifyHeader(method, rawPath, query, header, authorization);
        }
        if (query.containsKey("X-Amz-Algorithm") || query.containsKey("X-Amz-Signature")) {
            return verifyPresigned(method, rawPath, query, header);
        }
        throw new S3Error(403, "AccessDenied", "Access Denied");
    }

    private Signed verifyHeader(String method, String rawPath, Map<String, String> query,
            Function<String, String> header, String authorization) {
        if (!authorization.strip().startsWith(SigV4.ALGORITHM + " ")) {
            throw S3Error.badRequest("InvalidArgument", "Unsupported Authorization Type");
        }
        Map<String, String> parts = SigV4.authorizationParameters(authorization);
        String credential = parts.get("Credential");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw S3Error.badRequest("AuthorizationHeaderMalformed",
                    "The authorization header is malformed; it must name Credential, SignedHeaders and Signature.");
        }
        String amzDate = header.apply("x-amz-date");
        if (amzDate == null) {
            throw new S3Error(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
        }
        String payloadHash = header.apply("x-amz-content-sha256");
        if (payloadHash == null) {
            throw S3Error.badRequest("InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
        }
        if (!SigV4.isWithinSkew(parseDate(amzDate), clock.instant(), maxSkew)) {
            throw new S3Error(403, "RequestTimeTooSkewed",
                    "The difference between the request time and the current time is too large.");
        }
        String scope = checkCredential(credential, amzDate);
        String canonical = SigV4.canonicalRequest(method, canonicalUri(rawPath), query, header, signedHeaders,
                payloadHash, null);
        byte[] key = SigV4.signingKey(secretAccessKey, scope);
        check(signature, SigV4.sign(key, SigV4.stringToSign(amzDate, scope, canonical)));
        return new Signed(amzDate, scope, key, signature, payloadHash, false);
    }

    private Signed verifyPresigned(String method, String rawPath, Map<String, String> query,
            Function<String, String> header) {
        String algorithm = query.get("X-Amz-Algorithm");
        String credential = query.get("X-Amz-Credential");
        String amzDate = query.get("X-Amz-Date");
        String expires = query.get("X-Amz-Expires");
        String signedHeaders = query.get("X-Amz-SignedHeaders");
        String signature = query.get("X-Amz-Signature");
        if (!SigV4.ALGORITHM.equals(algorithm) || credential == null || amzDate == null || expires == null
                || signedHeaders == null || signature == null) {
            throw S3Error.badRequest("AuthorizationQueryParametersError",
                    "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential,"
                            + " X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        Instant signedAt = parseDate(amzDate);
        long seconds;
        try {
            seconds = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw S3Error.badRequest("AuthorizationQueryParametersError", "X-Amz-Expires should be a number");
        }
        if (seconds < 1 || seconds > 604_800) {
            throw S3Error.badRequest("AuthorizationQueryParametersError",
                    "X-Amz-Expires must be between 1 and 604800 seconds");
        }
        Instant now = clock.instant();
        if (signedAt.minus(maxSkew).isAfter(now)) {
            throw new S3Error(403, "AccessDenied", "Request is not valid yet");
        }
        if (now.isAfter(signedAt.plusSeconds(seconds))) {
            throw new S3Error(403, "AccessDenied", "Request has expired");
        }
        String scope = checkCredential(credential, amzDate);
        String payloadHash = query.getOrDefault("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");
        String canonical = SigV4.canonicalRequest(method, canonicalUri(rawPath), query, header, signedHeaders,
                payloadHash, "X-Amz-Signature");
        byte[] key = SigV4.signingKey(secretAccessKey, scope);
        check(signature, SigV4.sign(key, SigV4.stringToSign(amzDate, scope, canonical)));
        return new Signed(amzDate, scope, key, signature, payloadHash, true);
    }

    /**
     * Verifies the signature of a browser-form POST: the policy, base64 as sent, signed with the key of the
     * credential's scope. The policy's expiration, not the clock skew, bounds how long such a form is good for.
     */
    void verifyPolicy(String algorithm, String credential, String amzDate, String policy, String signature) {
        if (!SigV4.ALGORITHM.equals(algorithm)) {
            throw S3Error.badRequest("InvalidArgument", "Only the AWS4-HMAC-SHA256 algorithm is supported for"
                    + " x-amz-algorithm.");
        }
        parseDate(amzDate);
        String scope = checkCredential(credential, amzDate);
        check(signature, SigV4.sign(SigV4.signingKey(secretAccessKey, scope), policy));
    }

    /** The signature of one chunk of a signed aws-chunked body, chained to the previous one. */
    static String chunkSignature(Signed signed, String previous, byte[] chunk) {
        String toSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + signed.amzDate() + "\n" + signed.scope() + "\n" + previous
                + "\n" + SigV4.EMPTY_SHA256 + "\n" + SigV4.sha256Hex(chunk);
        return SigV4.sign(signed.signingKey(), toSign);
    }

    /** The signature of the trailing headers of a signed aws-chunked body. */
    static String trailerSignature(Signed signed, String previous, String canonicalTrailers) {
        String toSign = "AWS4-HMAC-SHA256-TRAILER\n" + signed.amzDate() + "\n" + signed.scope() + "\n" + previous
                + "\n" + SigV4.sha256Hex(canonicalTrailers.getBytes(StandardCharsets.UTF_8));
        return SigV4.sign(signed.signingKey(), toSign);
    }

    static void check(String given, String expected) {
        if (!SigV4.matches(given, expected)) {
            throw S3Error.signatureMismatch();
        }
    }

    private String checkCredential(String value, String amzDate) {
        Credential credential = Credential.parse(value);
        if (credential == null) {
            throw S3Error.badRequest("AuthorizationHeaderMalformed",
                    "The authorization header is malformed; the Credential is mal-formed; expecting"
                            + " \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        if (!accessKeyId.equals(credential.accessKeyId())) {
            throw new S3Error(403, "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.");
        }
        if (!"s3".equals(credential.service())) {
            throw S3Error.badRequest("AuthorizationHeaderMalformed",
                    "The authorization header is malformed; incorrect service \"" + credential.service()
                            + "\". This endpoint belongs to \"s3\".");
        }
        if (!credential.isDatedOn(amzDate)) {
            throw S3Error.badRequest("AuthorizationHeaderMalformed",
                    "The authorization header is malformed; Invalid credential date. Date is not the same as"
                            + " X-Amz-Date.");
        }
        return credential.scope();
    }

    private static Instant parseDate(String amzDate) {
        try {
            return SigV4.parseDate(amzDate);
        } catch (DateTimeParseException e) {
            throw new S3Error(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
        }
    }

    /** S3's canonical URI: the path encoded once and not normalised. */
    private static String canonicalUri(String rawPath) {
        return rawPath == null || rawPath.isEmpty() ? "/" : SigV4.encode(SigV4.decode(rawPath), false);
    }
}
