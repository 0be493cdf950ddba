package com.example.blog.local.dataapi;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;

/**
 * The open transactions, each on its own JDBC connection and known to callers only by an opaque id. A transaction
 * serves one call at a time (a second concurrent call is refused, as on AWS), and is rolled back when it has been
 * idle or open too long, or when a statement in it fails.
 */
final class Transactions {

    private static final int REMEMBERED_ENDINGS = 10_000;

    private final Map<String, Transaction> open = new ConcurrentHashMap<>();
    private final Map<String, String> endings = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_ENDINGS;
        }
    };
    private final SecureRandom random = new SecureRandom();
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final Clock clock;

    Transactions(Duration idleTimeout, Duration maxLifetime, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    /** One open transaction; the caller that {@link #acquire acquired} it owns its connection until release. */
    static final class Transaction {
        private final String id;
        private final Connection connection;
        private final Instant started;
        // A permit rather than a lock: a call takes it on its request thread and gives it back from the worker.
        private final Semaphore lock = new Semaphore(1);
        private volatile Instant lastUsed;
        private boolean ended;

        private Transaction(String id, Connection connection, Instant started) {
            this.id = id;
            this.connection = connection;
            this.started = started;
            this.lastUsed = started;
        }

        Connection connection() {
            return connection;
        }
    }

    boolean isEmpty() {
        return open.isEmpty();
    }

    int size() {
        return open.size();
    }

    /** Registers a transaction on {@code connection}, which must already have auto-commit off. */
    String begin(Connection connection) {
        byte[] bytes = new byte[66];
        random.nextBytes(bytes);
        String id = Base64.getEncoder().encodeToString(bytes);
        open.put(id, new Transaction(id, connection, clock.instant()));
        return id;
    }

    /**
     * Takes the transaction for one call. Fails with TransactionNotFoundException for an unknown or ended id, and
     * with DatabaseErrorException while another call is still running in it.
     */
    Transaction acquire(String id) {
        Transaction transaction = open.get(id);
        if (transaction == null) {
            throw notFound(id);
        }
        if (!transaction.lock.tryAcquire()) {
            throw DataApiException.databaseError("Transaction is still running a query");
        }
        if (transaction.ended) {
            transaction.lock.release();
            throw notFound(id);
        }
        return transaction;
    }

    /** Gives the transaction back after a call that leaves it open; its idle time counts from now. */
    void release(Transaction transaction) {
        transaction.lastUsed = clock.instant();
        transaction.lock.release();
    }

    /**
     * Ends an acquired transaction: the caller has committed or rolled back, or wants it rolled back now.
     *
     * @param reason why later calls with its id are refused
     */
    void end(Transaction transaction, boolean rollBack, String reason) {
        try {
            finish(transaction, rollBack, reason);
        } finally {
            transaction.lock.release();
        }
    }

    /** Rolls back every transaction idle or open for too long, unless a call is running in it. */
    void expire() {
        Instant now = clock.instant();
        for (Transaction transaction : open.values()) {
            boolean idle = !now.isBefore(transaction.lastUsed.plus(idleTimeout));
            boolean old = !now.isBefore(transaction.started.plus(maxLifetime));
            if ((idle || old) && transaction.lock.tryAcquire()) {
                try {
                    if (!transaction.ended) {
                        finish(transaction, true, idle
                                ? "Transaction may be expired: it was not used for " + describe(idleTimeout)
                                + " and has been rolled back"
                                : "Transaction may be expired: it reached its maximum lifetime of "
                                + describe(maxLifetime) + " and has been rolled back");
                    }
                } finally {
                    transaction.lock.release();
                }
            }
        }
    }

    /** Rolls back everything still open (at shutdown), cancelling a statement still running in one. */
    void rollBackAll() {
        for (Transaction transaction : open.values()) {
            boolean acquired = transaction.lock.tryAcquire();
            if (!acquired) {
                cancelRunningQuery(transaction.connection);
                try {
                    acquired = transaction.lock.tryAcquire(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!acquired) {
                continue;
            }
            try {
                if (!transaction.ended) {
                    finish(transaction, true, "The endpoint was shut down");
                }
            } finally {
                transaction.lock.release();
            }
        }
    }

    private static void cancelRunningQuery(Connection connection) {
        try {
            connection.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException e) {
            // Nothing is running any more, or the connection is gone; either way the wait below ends.
        }
    }

    private void finish(Transaction transaction, boolean rollBack, String reason) {
        transaction.ended = true;
        open.remove(transaction.id);
        synchronized (endings) {
            endings.put(transaction.id, reason);
        }
        try (Connection connection = transaction.connection) {
            if (rollBack && !connection.isClosed()) {
                connection.rollback();
            }
            // Pools other than HikariCP may not reset this when the connection goes back.
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // The connection is discarded either way; a rollback that fails leaves nothing committed.
        }
    }

    private DataApiException notFound(String id) {
        String reason;
        synchronized (endings) {
            reason = endings.get(id);
        }
        return DataApiException.transactionNotFound("Transaction " + id + " is not found: "
                + (reason != null ? reason : "Transaction may be expired, or was never started by BeginTransaction"));
    }

    private static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + " minute" + (seconds == 60 ? "" : "s");
        }
        return duration.toMillis() % 1000 == 0 ? seconds + " seconds" : duration.toMillis() + " ms";
    }
}
