package com.example.blog.local.sql;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.RecordsFormatType;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

import com.example.blog.local.dataapi.NamedParameterSql;

/**
 * Runs statements one Data API call each, in order, optionally inside one transaction that is committed, or rolled
 * back, at the end. A failing statement stops the run; its transaction, if any, is rolled back.
 */
final class SqlRunner {

    /** How the statements of one run are grouped. */
    enum Mode {
        /** Each statement commits on its own (the Data API's default). */
        AUTOCOMMIT,
        /** All statements in one transaction, committed after the last. */
        COMMIT,
        /** All statements in one transaction, rolled back after the last: a dry run. */
        ROLLBACK
    }

    private final RdsDataClient client;
    private final SqlTarget target;

    SqlRunner(RdsDataClient client, SqlTarget target) {
        this.client = client;
        this.target = target;
    }

    /**
     * @throws StatementFailedException when a statement fails; the statements before it are committed only in
     *                                  {@link Mode#AUTOCOMMIT}
     */
    void run(List<String> statements, List<SqlParameter> parameters, Mode mode, ResultPrinter printer) {
        String transactionId = null;
        if (mode != Mode.AUTOCOMMIT) {
            transactionId = client.beginTransaction(request -> request.resourceArn(target.resourceArn())
                    .secretArn(target.secretArn()).database(target.database())).transactionId();
        }
        boolean json = printer.isJson();
        int index = 0;
        try {
            for (String sql : statements) {
                index++;
                ExecuteStatementRequest.Builder request = ExecuteStatementRequest.builder()
                        .resourceArn(target.resourceArn())
                        .secretArn(target.secretArn())
                        .database(target.database())
                        .transactionId(transactionId)
                        .sql(sql)
                        .parameters(parametersUsedBy(sql, parameters));
                if (json) {
                    request.formatRecordsAs(RecordsFormatType.JSON);
                } else {
                    request.includeResultMetadata(true);
                }
                ExecuteStatementResponse response = client.executeStatement(request.build());
                printer.print(response);
            }
        } catch (RuntimeException e) {
            if (transactionId != null) {
                rollBackQuietly(transactionId, e);
            }
            throw new StatementFailedException(index, statements.size(), mode, e);
        }
        if (transactionId != null) {
            String id = transactionId;
            if (mode == Mode.COMMIT) {
                client.commitTransaction(request -> request.resourceArn(target.resourceArn())
                        .secretArn(target.secretArn()).transactionId(id));
            } else {
                client.rollbackTransaction(request -> request.resourceArn(target.resourceArn())
                        .secretArn(target.secretArn()).transactionId(id));
            }
        }
    }

    /**
     * Each statement of a script gets only the parameters it mentions, so one {@code --param} list serves a script
     * whose statements use different names.
     */
    private static List<SqlParameter> parametersUsedBy(String sql, List<SqlParameter> parameters) {
        Set<String> names = parameters.stream().map(SqlParameter::name).collect(Collectors.toSet());
        Set<String> used = Set.copyOf(NamedParameterSql.parse(sql, names).parameterOrder());
        return parameters.stream().filter(p -> used.contains(p.name())).toList();
    }

    private void rollBackQuietly(String transactionId, RuntimeException cause) {
        try {
            client.rollbackTransaction(request -> request.resourceArn(target.resourceArn())
                    .secretArn(target.secretArn()).transactionId(transactionId));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** A statement failed; says which one and what became of the ones before it. */
    static final class StatementFailedException extends RuntimeException {

        StatementFailedException(int index, int count, Mode mode, RuntimeException cause) {
            super(message(index, count, mode), cause);
        }

        private static String message(int index, int count, Mode mode) {
            String which = count == 1 ? "the statement failed" : "statement " + index + " of " + count + " failed";
            if (index <= 1) {
                return which;
            }
            return which + (mode == Mode.AUTOCOMMIT
                    ? "; the statements before it were committed (--tx runs all or none)"
                    : "; the transaction was rolled back");
        }
    }
}
