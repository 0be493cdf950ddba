package com.example.blog.local.dataapi;

import static com.example.blog.local.dataapi.RequestValidation.booleanMember;
import static com.example.blog.local.dataapi.RequestValidation.enumMember;
import static com.example.blog.local.dataapi.RequestValidation.optionalText;
import static com.example.blog.local.dataapi.RequestValidation.requiredSql;
import static com.example.blog.local.dataapi.RequestValidation.requiredText;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The five Data API operations over JDBC: the request checked ({@link RequestValidation}), the auto-pause state,
 * then the statement itself on a pooled connection or on a transaction's own connection, its failures translated
 * ({@link SqlErrors}).
 */
final class DataApiOperations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final DataApiSettings settings;
    private final RequestValidation validation;
    private final DataSource dataSource;
    private final Transactions transactions;
    private final AutoPause autoPause;
    private final ResultSets resultSets;
    private final ExecutorService statements;

    DataApiOperations(DataApiSettings settings, Transactions transactions, AutoPause autoPause, ObjectMapper mapper,
            ExecutorService statements) {
        this.settings = settings;
        this.validation = new RequestValidation(settings);
        this.dataSource = settings.dataSource();
        this.transactions = transactions;
        this.autoPause = autoPause;
        this.resultSets = new ResultSets(mapper, settings.maxResponseBytes());
        this.statements = statements;
    }

    /** A unit of JDBC work on a connection it does not own. */
    @FunctionalInterface
    private interface Work {
        ObjectNode run(Connection connection, AtomicReference<Statement> running) throws SQLException;
    }

    ObjectNode executeStatement(JsonNode request) {
        validation.checkTarget(request);
        String sql = requiredSql(request);
        Map<String, Parameters.Binding> bindings = Parameters.parse(request.get("parameters"));
        NamedParameterSql statement = validation.parseSql(sql, bindings.keySet());
        JsonNode options = request.path("resultSetOptions");
        String decimalReturnType = enumMember(options, "decimalReturnType", "STRING", "DOUBLE_OR_LONG");
        String longReturnType = enumMember(options, "longReturnType", "LONG", "STRING");
        String format = enumMember(request, "formatRecordsAs", "NONE", "JSON");
        ResultSets.Options resultOptions = new ResultSets.Options("DOUBLE_OR_LONG".equals(decimalReturnType),
                "STRING".equals(longReturnType), "JSON".equals(format),
                booleanMember(request, "includeResultMetadata"));
        boolean continueAfterTimeout = booleanMember(request, "continueAfterTimeout");
        return run(request, continueAfterTimeout, (connection, running) -> {
            try (PreparedStatement prepared = connection.prepareStatement(statement.jdbcSql())) {
                running.set(prepared);
                bind(prepared, statement, bindings);
                ObjectNode response = NODES.objectNode();
                if (prepared.execute()) {
                    ResultSets.Result result = resultSets.convert(prepared.getResultSet(), resultOptions);
                    if (result.columnMetadata() != null) {
                        response.set("columnMetadata", result.columnMetadata());
                    }
                    if (result.records() != null) {
                        response.set("records", result.records());
                    } else {
                        response.put("formattedRecords", result.formattedRecords());
                    }
                    response.put("numberOfRecordsUpdated", 0);
                } else {
                    // PostgreSQL does not report generated keys through the Data API: RETURNING does that job.
                    response.put("numberOfRecordsUpdated", Math.max(0, prepared.getUpdateCount()));
                    response.putArray("generatedFields");
                }
                return response;
            }
        });
    }

    ObjectNode batchExecuteStatement(JsonNode request) {
        validation.checkTarget(request);
        String sql = requiredSql(request);
        JsonNode sets = request.get("parameterSets");
        if (sets != null && !sets.isNull() && !sets.isArray()) {
            throw DataApiException.badRequest("parameterSets must be a list of parameter lists");
        }
        List<Map<String, Parameters.Binding>> parameterSets = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        if (sets != null && sets.isArray()) {
            for (JsonNode set : sets) {
                Map<String, Parameters.Binding> bindings = Parameters.parse(set);
                parameterSets.add(bindings);
                names.addAll(bindings.keySet());
            }
        }
        NamedParameterSql statement = validation.parseSql(sql, names);
        for (Map<String, Parameters.Binding> bindings : parameterSets) {
            for (String name : names) {
                if (!bindings.containsKey(name)) {
                    throw DataApiException.badRequest("Parameter \"" + name
                            + "\" is missing from one of the parameter sets");
                }
            }
        }
        return run(request, false, (connection, running) -> {
            try (PreparedStatement prepared = connection.prepareStatement(statement.jdbcSql())) {
                running.set(prepared);
                ObjectNode response = NODES.objectNode();
                ArrayNode updateResults = response.putArray("updateResults");
                if (parameterSets.isEmpty()) {
                    prepared.executeUpdate();
                    return response;
                }
                for (Map<String, Parameters.Binding> bindings : parameterSets) {
                    bind(prepared, statement, bindings);
                    prepared.addBatch();
                }
                prepared.executeBatch();
                for (int i = 0; i < parameterSets.size(); i++) {
                    updateResults.addObject().putArray("generatedFields");
                }
                return response;
            }
        });
    }

    ObjectNode beginTransaction(JsonNode request) {
        validation.checkTarget(request);
        validation.checkDatabase(request);
        autoPause.begin(!transactions.isEmpty());
        try {
            Connection connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return NODES.objectNode().put("transactionId", transactions.begin(connection));
        } catch (SQLException e) {
            throw SqlErrors.translate(e, null);
        } finally {
            autoPause.end();
        }
    }

    ObjectNode commitTransaction(JsonNode request) {
        return endTransaction(request, true);
    }

    ObjectNode rollbackTransaction(JsonNode request) {
        return endTransaction(request, false);
    }

    private ObjectNode endTransaction(JsonNode request, boolean commit) {
        validation.checkArns(request);
        String id = requiredText(request, "transactionId", 192);
        autoPause.touch();
        Transactions.Transaction transaction = transactions.acquire(id);
        try {
            if (commit) {
                transaction.connection().commit();
            } else {
                transaction.connection().rollback();
            }
        } catch (SQLException e) {
            transactions.end(transaction, true, "Transaction has been aborted due to an error from a previous call");
            throw SqlErrors.translate(e, null);
        }
        transactions.end(transaction, false, commit
                ? "One previous call resulted in a termination of your transaction: it was committed"
                : "One previous call resulted in a termination of your transaction: it was rolled back");
        return NODES.objectNode().put("transactionStatus", commit ? "Transaction Committed" : "Rollback Complete");
    }

    /**
     * Runs work on a worker thread, on the call's transaction or a pooled connection, and waits for it at most the
     * request timeout. A statement still running then is cancelled, unless the caller asked it to continue after
     * the call has returned its StatementTimeoutException.
     */
    private ObjectNode run(JsonNode request, boolean continueAfterTimeout, Work work) {
        String transactionId = optionalText(request, "transactionId", 192);
        if (transactionId == null) {
            validation.checkDatabase(request);
        }
        autoPause.begin(!transactions.isEmpty());
        try {
            Transactions.Transaction transaction = transactionId == null ? null : transactions.acquire(transactionId);
            AtomicReference<Statement> running = new AtomicReference<>();
            AtomicReference<Long> backendPid = new AtomicReference<>();
            Future<ObjectNode> result;
            try {
                result = statements.submit(() -> runOwned(transaction, work, running, backendPid));
            } catch (RuntimeException rejected) {
                if (transaction != null) {
                    transactions.release(transaction);
                }
                throw DataApiException.internal("The request could not be scheduled");
            }
            return await(result, continueAfterTimeout, running, backendPid);
        } finally {
            autoPause.end();
        }
    }

    /** Runs on a worker; owns the connection (or the acquired transaction) until the work is over. */
    private ObjectNode runOwned(Transactions.Transaction transaction, Work work, AtomicReference<Statement> running,
            AtomicReference<Long> backendPid) throws SQLException {
        if (transaction != null) {
            try {
                backendPid.set(pid(transaction.connection()));
                ObjectNode response = work.run(transaction.connection(), running);
                transactions.release(transaction);
                return response;
            } catch (SQLException | RuntimeException e) {
                // As on AWS, a failed statement ends its transaction; later calls get TransactionNotFoundException.
                transactions.end(transaction, true,
                        "Transaction has been aborted due to an error from a previous call");
                throw e;
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            backendPid.set(pid(connection));
            return work.run(connection, running);
        }
    }

    private ObjectNode await(Future<ObjectNode> result, boolean continueAfterTimeout,
            AtomicReference<Statement> running, AtomicReference<Long> backendPid) {
        try {
            try {
                return result.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException timeout) {
                if (!continueAfterTimeout) {
                    cancel(running.get());
                    try {
                        result.get();
                    } catch (ExecutionException | CancellationException ignored) {
                        // The cancelled statement's own error is replaced by the timeout below.
                    }
                }
                throw DataApiException.statementTimeout("Request timed out", backendPid.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DataApiException.internal("The request was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DataApiException dataApi) {
                throw dataApi;
            }
            if (cause instanceof SQLException sql) {
                throw SqlErrors.translate(sql, backendPid.get());
            }
            System.err.println("data-api: statement failed unexpectedly: " + cause);
            throw DataApiException.internal("An internal error occurred");
        }
    }

    private static void cancel(Statement statement) {
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // The statement may have just finished; waiting on it below settles either way.
            }
        }
    }

    private static Long pid(Connection connection) {
        try {
            return (long) connection.unwrap(PGConnection.class).getBackendPID();
        } catch (SQLException e) {
            return null;
        }
    }

    private static void bind(PreparedStatement prepared, NamedParameterSql statement,
            Map<String, Parameters.Binding> bindings) throws SQLException {
        List<String> order = statement.parameterOrder();
        for (int i = 0; i < order.size(); i++) {
            bindings.get(order.get(i)).bind(prepared, i + 1);
        }
    }

}
