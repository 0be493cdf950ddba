-- Rows the sample events in events/ refer to. Inserted at every start of the local stack; existing rows are kept,
-- so a deleted sample post comes back on the next start and an edited one keeps its edits.
INSERT INTO blogs (id, title, author, content)
VALUES ('00000000-0000-4000-8000-000000000001', 'Welcome to the blog', 'alice',
        'This post comes with the local stack. Read it with GET /blogs/00000000-0000-4000-8000-000000000001.'),
       ('00000000-0000-4000-8000-000000000002', 'A post to delete', 'alice',
        'This post comes with the local stack so that the delete-blog sample event has something to delete.')
ON CONFLICT (id) DO NOTHING;
