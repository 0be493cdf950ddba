package com.example.blog.local.dataapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The auto-pause behaviour of an Aurora Serverless v2 cluster with a minimum capacity of 0 ACUs: once nothing has
 * used the database for {@code pauseAfter}, the instance pauses; the next call wakes it but is itself refused with
 * DatabaseResumingException, as is every call until the instance has resumed.
 */
final class AutoPause {

    /** What a caller would observe of the cluster. */
    enum State { ACTIVE, PAUSED, RESUMING }

    private final Duration pauseAfter;
    private final Duration resumeDuration;
    private final String instanceId;
    private final Clock clock;
    private Instant lastActivity;
    private Instant resumedAt;
    private int inFlight;

    AutoPause(Duration pauseAfter, Duration resumeDuration, String instanceId, Clock clock) {
        this.pauseAfter = pauseAfter;
        this.resumeDuration = resumeDuration;
        this.instanceId = instanceId;
        this.clock = clock;
        this.lastActivity = clock.instant();
    }

    /**
     * Starts a call that needs the database; fails with DatabaseResumingException while the instance is paused or
     * resuming. Every successful call must be paired with {@link #end()}.
     *
     * @param connectionsHeld whether open transactions hold connections, which keeps an instance from pausing
     */
    synchronized void begin(boolean connectionsHeld) {
        Instant now = clock.instant();
        State state = stateAt(now, connectionsHeld);
        if (state == State.PAUSED) {
            resumedAt = now.plus(resumeDuration);
        }
        if (state != State.ACTIVE) {
            throw DataApiException.databaseResuming("The Aurora DB instance " + instanceId
                    + " is resuming after being auto-paused. Please wait a few seconds and try again.");
        }
        resumedAt = null;
        inFlight++;
        lastActivity = now;
    }

    /** Ends a call started by {@link #begin(boolean)}; the idle time counts from here. */
    synchronized void end() {
        inFlight--;
        lastActivity = clock.instant();
    }

    /** Records use that does not need a woken instance (commit and rollback of a transaction that kept it awake). */
    synchronized void touch() {
        lastActivity = clock.instant();
    }

    synchronized State state(boolean connectionsHeld) {
        return stateAt(clock.instant(), connectionsHeld);
    }

    private State stateAt(Instant now, boolean connectionsHeld) {
        Instant idleSince = lastActivity;
        if (resumedAt != null) {
            if (now.isBefore(resumedAt)) {
                return State.RESUMING;
            }
            idleSince = resumedAt.isAfter(lastActivity) ? resumedAt : lastActivity;
        }
        if (pauseAfter == null || connectionsHeld || inFlight > 0) {
            return State.ACTIVE;
        }
        return now.isBefore(idleSince.plus(pauseAfter)) ? State.ACTIVE : State.PAUSED;
    }
}
