-- The orphan sweeper walks image keys in byte order, the order of an S3 listing; the UNIQUE index on image_key uses
-- the database's collation, which orders them differently.
CREATE INDEX IF NOT EXISTS blogs_image_key_bytes_idx ON blogs (image_key COLLATE "C") WHERE image_key IS NOT NULL;
