-- Applied by the local stack at start-up and by the schema custom resource on deploy; must stay idempotent.
CREATE TABLE IF NOT EXISTS blogs (
    id          uuid        PRIMARY KEY,
    title       text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    author      text        NOT NULL,
    content     text        NOT NULL CHECK (char_length(content) <= 100000),
    image_key   text        UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    modified_at timestamptz NOT NULL DEFAULT now(),
    version     bigint      NOT NULL DEFAULT 1
);

-- Keyset pagination walks (created_at, id) newest first.
CREATE INDEX IF NOT EXISTS blogs_created_at_id_idx ON blogs (created_at DESC, id DESC);
