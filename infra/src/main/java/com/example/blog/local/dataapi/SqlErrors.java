package com.example.blog.local.dataapi;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** JDBC failures as the Data API reports them. */
final class SqlErrors {

    private SqlErrors() {
    }

    /** Maps a JDBC failure to the error the Data API gives for it, in the service's message format. */
    static DataApiException translate(SQLException e, Long backendPid) {
        String state = e.getSQLState();
        SQLException detail = e;
        if (e instanceof BatchUpdateException && e.getNextException() != null) {
            // The batch wrapper's own message ("Batch entry 1 ... was aborted ...") is JDBC's, not PostgreSQL's.
            detail = e.getNextException();
            state = detail.getSQLState();
        }
        // 08: the connection failed; 57P01-57P03: the server went down under the statement or is still starting.
        if (e instanceof SQLTransientConnectionException || (state != null && (state.startsWith("08")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")))) {
            return DataApiException.databaseUnavailable("The database is not available: " + detail.getMessage());
        }
        String message = detail.getMessage() + (state == null ? "" : "; SQLState: " + state);
        if ("57014".equals(state)) {
            return DataApiException.statementTimeout(message, backendPid);
        }
        return DataApiException.databaseError(message);
    }
}
