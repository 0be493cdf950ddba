package com.example.blog.local.dataapi;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.example.blog.local.sigv4.Credential;
import com.example.blog.local.sigv4.SigV4;

/**
 * Verifies a request's SigV4 {@code Authorization} header as AWS's front door does for the Data API, answering with
 * the errors it gives: the header's shape, the access key id, the credential scope, the request time and, last, the
 * signature, recomputed with the secret over the method, the path (normalised and encoded twice, as for every
 * service but S3), the query, the signed headers and the SHA-256 of the body.
 */
final class SigV4Authorization {

    private static final String SERVICE = "rds-data";
    private static final String INVALID_SIGNATURE = "InvalidSignatureException";

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final Duration maxSkew;
    private final Clock clock;

    SigV4Authorization(String accessKeyId, String secretAccessKey, String region, Duration maxSkew, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
        this.maxSkew = maxSkew;
        this.clock = clock;
    }

    /**
     * @param header looks a header up by its lower-case name; null when absent
     * @param body   the request body as received
     */
    void check(String method, URI uri, Function<String, String> header, byte[] body) {
        String authorization = header.apply("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw DataApiException.common("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
        }
        String value = authorization.strip();
        if (!value.startsWith(SigV4.ALGORITHM + " ")) {
            throw incomplete("Authorization header requires '" + SigV4.ALGORITHM + "' as its algorithm, found: '"
                    + value.split(" ", 2)[0] + "'.");
        }
        Map<String, String> parts = SigV4.authorizationParameters(value);
        StringBuilder missing = new StringBuilder();
        for (String required : new String[] {"Credential", "SignedHeaders", "Signature"}) {
            if (parts.getOrDefault(required, "").isEmpty()) {
                missing.append("Authorization header requires '").append(required).append("' parameter. ");
            }
        }
        String amzDate = header.apply("x-amz-date");
        String httpDate = header.apply("date");
        if (amzDate == null && httpDate == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            throw incomplete(missing.toString().strip() + " Authorization=" + value);
        }
        Credential credential = checkCredential(parts.get("Credential"));
        String requestTime = amzDate != null ? amzDate : fromHttpDate(httpDate);
        checkTime(credential, requestTime);
        String payloadHash = SigV4.sha256Hex(body);
        String declaredHash = header.apply("x-amz-content-sha256");
        if (declaredHash != null && !declaredHash.strip().toLowerCase(Locale.ROOT).equals(payloadHash)) {
            throw DataApiException.common(INVALID_SIGNATURE, 403,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String canonical = SigV4.canonicalRequest(method, canonicalUri(uri), SigV4.parseQuery(uri.getRawQuery()),
                header, parts.get("SignedHeaders"), payloadHash, null);
        String scope = credential.scope();
        String expected = SigV4.sign(SigV4.signingKey(secretAccessKey, scope),
                SigV4.stringToSign(requestTime, scope, canonical));
        if (!SigV4.matches(parts.get("Signature"), expected)) {
            throw DataApiException.common(INVALID_SIGNATURE, 403, "The request signature we calculated does not match"
                    + " the signature you provided. Check your AWS Secret Access Key and signing method. Consult the"
                    + " service documentation for details.");
        }
    }

    private Credential checkCredential(String value) {
        Credential credential = Credential.parse(value);
        if (credential == null) {
            throw incomplete("Credential must have exactly 5 slash-delimited elements, e.g."
                    + " keyid/date/region/service/term, got '" + value + "'");
        }
        if (!accessKeyId.equals(credential.accessKeyId())) {
            throw DataApiException.common("UnrecognizedClientException", 403,
                    "The security token included in the request is invalid.");
        }
        if (!SERVICE.equals(credential.service())) {
            throw DataApiException.common(INVALID_SIGNATURE, 403,
                    "Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        if (!region.equals(credential.region())) {
            throw DataApiException.common(INVALID_SIGNATURE, 403, "Credential should be scoped to a valid region. ");
        }
        return credential;
    }

    private void checkTime(Credential credential, String requestTime) {
        Instant signedAt;
        try {
            signedAt = SigV4.parseDate(requestTime);
        } catch (DateTimeParseException e) {
            throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + requestTime + "'. See"
                    + " http://en.wikipedia.org/wiki/ISO_8601");
        }
        if (!credential.isDatedOn(requestTime)) {
            throw DataApiException.common(INVALID_SIGNATURE, 403, "Date in Credential scope does not match YYYYMMDD"
                    + " from ISO-8601 version of date from HTTP: '" + credential.date() + "' != '"
                    + requestTime.substring(0, 8) + "', from '" + requestTime + "'.");
        }
        Instant now = clock.instant();
        if (SigV4.isWithinSkew(signedAt, now, maxSkew)) {
            return;
        }
        String minutes = maxSkew.toMinutes() + " min.)";
        if (signedAt.isBefore(now)) {
            throw DataApiException.common(INVALID_SIGNATURE, 403, "Signature expired: " + requestTime
                    + " is now earlier than " + SigV4.formatDate(now.minus(maxSkew)) + " ("
                    + SigV4.formatDate(now) + " - " + minutes);
        }
        throw DataApiException.common(INVALID_SIGNATURE, 403, "Signature not yet current: " + requestTime
                + " is still later than " + SigV4.formatDate(now.plus(maxSkew)) + " (" + SigV4.formatDate(now)
                + " + " + minutes);
    }

    /** The time of a request dated only by an HTTP {@code Date} header, in the form SigV4 signs it. */
    private static String fromHttpDate(String httpDate) {
        try {
            return SigV4.formatDate(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(httpDate.strip())));
        } catch (DateTimeParseException e) {
            return httpDate;
        }
    }

    /** Every service but S3 signs the path with dot segments removed and encoded a second time. */
    private static String canonicalUri(URI uri) {
        String path = uri.normalize().getRawPath();
        return path == null || path.isEmpty() ? "/" : SigV4.encode(path, false);
    }

    private static DataApiException incomplete(String message) {
        return DataApiException.common("IncompleteSignatureException", 400, message);
    }
}
