// Third-party JavaScript clients at their default settings against the local Data API and S3.
// NodeClientsIT runs this with the endpoints, ARNs and credentials in the environment; every check prints
// "ok <name>", and the first failure ends the run with a non-zero exit code.
import assert from 'node:assert/strict';

import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import {
    CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand, DeleteObjectCommand,
    DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
    UploadPartCommand,
} from '@aws-sdk/client-s3';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/aws-data-api/pg';
import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';

const env = process.env;
const target = { resourceArn: env.CLUSTER_ARN, secretArn: env.SECRET_ARN, database: env.DATABASE };

async function check(name, body) {
    await body();
    console.log(`ok ${name}`);
}

async function dataApi() {
    const client = new RDSDataClient({ endpoint: env.DATA_API_ENDPOINT });
    await check('rds-data execute-statement with named parameters', async () => {
        const response = await client.send(new ExecuteStatementCommand({
            ...target,
            sql: 'select :greeting as greeting, :n::int + 1 as next',
            parameters: [{ name: 'greeting', value: { stringValue: 'hi' } }, { name: 'n', value: { longValue: 41 } }],
            includeResultMetadata: true,
        }));
        assert.deepEqual(response.records, [[{ stringValue: 'hi' }, { longValue: 42 }]]);
        assert.equal(response.columnMetadata[1].label, 'next');
    });

    const table = `node_notes_${process.pid}`;
    await client.send(new ExecuteStatementCommand({ ...target, sql: `create table ${table} (id serial primary key,`
        + ' title text not null, stars integer not null default 0)' }));
    const notes = pgTable(table, { id: serial('id').primaryKey(), title: text('title').notNull(),
        stars: integer('stars').notNull().default(0) });
    const db = drizzle(client, target);
    try {
        let id;
        await check('drizzle insert returning', async () => {
            const [row] = await db.insert(notes).values({ title: 'first', stars: 1 }).returning();
            assert.equal(row.title, 'first');
            assert.equal(row.stars, 1);
            id = row.id;
        });
        await check('drizzle select', async () => {
            const rows = await db.select().from(notes).where(eq(notes.id, id));
            assert.deepEqual(rows, [{ id, title: 'first', stars: 1 }]);
        });
        await check('drizzle update returning', async () => {
            const rows = await db.update(notes).set({ stars: 5 }).where(eq(notes.id, id)).returning();
            assert.equal(rows[0].stars, 5);
        });
        await check('drizzle delete', async () => {
            await db.delete(notes).where(eq(notes.id, id));
            assert.deepEqual(await db.select().from(notes).where(eq(notes.id, id)), []);
        });
        await check('drizzle transaction commit', async () => {
            await db.transaction(async (tx) => {
                await tx.insert(notes).values({ title: 'in a transaction' });
                await tx.insert(notes).values({ title: 'also in it' });
            });
            const [{ count }] = await db.select({ count: sql`count(*)`.mapWith(Number) }).from(notes);
            assert.equal(count, 2);
        });
        await check('drizzle transaction rollback', async () => {
            await assert.rejects(db.transaction(async (tx) => {
                await tx.insert(notes).values({ title: 'never seen' });
                tx.rollback();
            }));
            const rows = await db.select().from(notes).where(eq(notes.title, 'never seen'));
            assert.deepEqual(rows, []);
        });
    } finally {
        await client.send(new ExecuteStatementCommand({ ...target, sql: `drop table ${table}` }));
    }
}

async function s3() {
    // Path-style addressing: a local endpoint has no wildcard DNS for bucket host names.
    const client = new S3Client({ endpoint: env.S3_ENDPOINT, forcePathStyle: true });
    const Bucket = env.BUCKET;
    await check('s3 put and get keep bytes and Content-Type', async () => {
        await client.send(new PutObjectCommand({ Bucket, Key: 'node/a.txt', Body: 'from node',
            ContentType: 'text/plain; charset=utf-8' }));
        const object = await client.send(new GetObjectCommand({ Bucket, Key: 'node/a.txt' }));
        assert.equal(await object.Body.transformToString(), 'from node');
        assert.equal(object.ContentType, 'text/plain; charset=utf-8');
    });
    await check('s3 range get', async () => {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: 'node/a.txt', Range: 'bytes=5-8' }));
        assert.equal(await object.Body.transformToString(), 'node');
    });
    await check('s3 head', async () => {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: 'node/a.txt' }));
        assert.equal(head.ContentLength, 9);
    });
    await check('s3 copy', async () => {
        await client.send(new CopyObjectCommand({ Bucket, Key: 'node/sub/b.txt', CopySource: `${Bucket}/node/a.txt` }));
    });
    await check('s3 list v2 with prefix and delimiter', async () => {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: 'node/', Delimiter: '/' }));
        assert.deepEqual(page.Contents.map((o) => o.Key), ['node/a.txt']);
        assert.deepEqual(page.CommonPrefixes.map((p) => p.Prefix), ['node/sub/']);
    });
    await check('s3 multipart upload', async () => {
        const Key = 'node/multi.bin';
        const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
        const first = Buffer.alloc(5 * 1024 * 1024, 7);
        const second = Buffer.from('tail');
        const parts = [];
        for (const [index, Body] of [first, second].entries()) {
            const { ETag } = await client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: index + 1,
                Body }));
            parts.push({ ETag, PartNumber: index + 1 });
        }
        await client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId,
            MultipartUpload: { Parts: parts } }));
        const head = await client.send(new HeadObjectCommand({ Bucket, Key }));
        assert.equal(head.ContentLength, first.length + second.length);
    });
    await check('s3 delete objects', async () => {
        const response = await client.send(new DeleteObjectsCommand({ Bucket, Delete: {
            Objects: [{ Key: 'node/sub/b.txt' }, { Key: 'node/multi.bin' }] } }));
        assert.equal(response.Deleted.length, 2);
    });
    await check('s3 delete', async () => {
        await client.send(new DeleteObjectCommand({ Bucket, Key: 'node/a.txt' }));
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: 'node/' }));
        assert.equal(page.KeyCount, 0);
    });
}

await dataApi();
await s3();
