package com.example.blog.local.s3;

/** An error S3 answers with: the HTTP status and the {@code Code} and {@code Message} of its XML error document. */
final class S3Error extends RuntimeException {

    /** The code of a request refused before its body is read, which is then not drained either. */
    static final String TOO_BIG_TO_READ = "MaxMessageLengthExceeded";

    private final int status;
    private final String code;

    S3Error(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static S3Error signatureMismatch() {
        return new S3Error(403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided."
                        + " Check your key and signing method.");
    }

    static S3Error badRequest(String code, String message) {
        return new S3Error(400, code, message);
    }

    /** Text as it may stand in an XML element. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
