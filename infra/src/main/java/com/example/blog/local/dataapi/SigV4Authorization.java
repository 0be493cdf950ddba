package com.example.blog.local.dataapi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks the shape of a request's SigV4 {@code Authorization} header and the access key id and scope it names,
 * answering with the errors AWS's front door gives. The signature itself is not recomputed: the local endpoint
 * holds no secret worth protecting, and checking the key id is enough to catch a client pointed at the wrong
 * credentials.
 */
final class SigV4Authorization {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SERVICE = "rds-data";

    private final String accessKeyId;
    private final String region;

    SigV4Authorization(String accessKeyId, String region) {
        this.accessKeyId = accessKeyId;
        this.region = region;
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param hasDate       whether the request carries {@code X-Amz-Date} or {@code Date}
     */
    void check(String authorization, boolean hasDate) {
        if (authorization == null || authorization.isBlank()) {
            throw DataApiException.common("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
        }
        String header = authorization.strip();
        if (!header.startsWith(ALGORITHM + " ")) {
            throw DataApiException.common("IncompleteSignatureException", 400,
                    "Authorization header requires '" + ALGORITHM + "' as its algorithm, found: '"
                            + header.split(" ", 2)[0] + "'.");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : header.substring(ALGORITHM.length()).split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.put(part.substring(0, equals).strip(), part.substring(equals + 1).strip());
            }
        }
        StringBuilder missing = new StringBuilder();
        for (String required : new String[] {"Credential", "SignedHeaders", "Signature"}) {
            if (parts.getOrDefault(required, "").isEmpty()) {
                missing.append("Authorization header requires '").append(required).append("' parameter. ");
            }
        }
        if (!hasDate) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            throw DataApiException.common("IncompleteSignatureException", 400,
                    missing.toString().strip() + " Authorization=" + header);
        }
        String[] scope = parts.get("Credential").split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            throw DataApiException.common("IncompleteSignatureException", 400,
                    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,"
                            + " got '" + parts.get("Credential") + "'");
        }
        if (!accessKeyId.equals(scope[0])) {
            throw DataApiException.common("UnrecognizedClientException", 403,
                    "The security token included in the request is invalid.");
        }
        if (!SERVICE.equals(scope[3])) {
            throw DataApiException.common("InvalidSignatureException", 403,
                    "Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        if (!region.equals(scope[2])) {
            throw DataApiException.common("InvalidSignatureException", 403,
                    "Credential should be scoped to a valid region. ");
        }
    }
}
