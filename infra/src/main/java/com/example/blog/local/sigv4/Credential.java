package com.example.blog.local.sigv4;

/**
 * The {@code Credential} of a SigV4 signature, {@code <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request}.
 *
 * @param date the day of the scope, {@code yyyyMMdd}
 */
public record Credential(String accessKeyId, String date, String region, String service) {

    private static final String TERMINATOR = "aws4_request";

    /** The credential named by {@code value}, or null when it is not five slash-separated parts ending the scope. */
    public static Credential parse(String value) {
        String[] parts = value.split("/");
        if (parts.length != 5 || !TERMINATOR.equals(parts[4])) {
            return null;
        }
        return new Credential(parts[0], parts[1], parts[2], parts[3]);
    }

    /** The scope the signing key is derived for: {@code date/region/service/aws4_request}. */
    public String scope() {
        return date + "/" + region + "/" + service + "/" + TERMINATOR;
    }

    /** Whether the scope's day is the day of the request time ({@code yyyyMMdd'T'HHmmss'Z'}). */
    public boolean isDatedOn(String amzDate) {
        return amzDate.startsWith(date);
    }
}
