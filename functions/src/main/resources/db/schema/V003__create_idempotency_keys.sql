-- Applied by the local stack at start-up and by the schema custom resource on deploy; must stay idempotent.
-- The first response to each POST /blogs that carried an Idempotency-Key, per author and key, replayed to retries
-- until expires_at. A row without status_code is a request in progress, owned until locked_until.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    author          text        NOT NULL,
    idempotency_key text        NOT NULL,
    fingerprint     text        NOT NULL,
    locked_until    timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    status_code     integer,
    headers         text,
    body            text,
    PRIMARY KEY (author, idempotency_key)
);

-- Lets a clean-up delete expired keys without a full scan.
CREATE INDEX IF NOT EXISTS idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);
