package com.example.blog.local.dataapi;

/**
 * An error answered the way the RDS Data API answers it: a modeled error type (sent as {@code x-amzn-ErrorType}),
 * the HTTP status the service model gives that type, and a message. SDKs map the type to their exception class.
 */
final class DataApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final int status;
    private final Long dbConnectionId;

    private DataApiException(String errorType, int status, String message, Long dbConnectionId) {
        super(message, null, false, false);
        this.errorType = errorType;
        this.status = status;
        this.dbConnectionId = dbConnectionId;
    }

    String errorType() {
        return errorType;
    }

    int status() {
        return status;
    }

    Long dbConnectionId() {
        return dbConnectionId;
    }

    static DataApiException badRequest(String message) {
        return new DataApiException("BadRequestException", 400, message, null);
    }

    static DataApiException databaseError(String message) {
        return new DataApiException("DatabaseErrorException", 400, message, null);
    }

    static DataApiException databaseResuming(String message) {
        return new DataApiException("DatabaseResumingException", 400, message, null);
    }

    static DataApiException databaseUnavailable(String message) {
        return new DataApiException("DatabaseUnavailableException", 504, message, null);
    }

    static DataApiException transactionNotFound(String message) {
        return new DataApiException("TransactionNotFoundException", 404, message, null);
    }

    static DataApiException unsupportedResult(String message) {
        return new DataApiException("UnsupportedResultException", 400, message, null);
    }

    static DataApiException statementTimeout(String message, Long dbConnectionId) {
        return new DataApiException("StatementTimeoutException", 400, message, dbConnectionId);
    }

    static DataApiException httpEndpointNotEnabled(String message) {
        return new DataApiException("HttpEndpointNotEnabledException", 400, message, null);
    }

    static DataApiException secretsError(String message) {
        return new DataApiException("SecretsErrorException", 400, message, null);
    }

    static DataApiException internal(String message) {
        return new DataApiException("InternalServerErrorException", 500, message, null);
    }

    /** Errors of the AWS front door (authentication, routing, body syntax), common to every AWS JSON service. */
    static DataApiException common(String errorType, int status, String message) {
        return new DataApiException(errorType, status, message, null);
    }
}
