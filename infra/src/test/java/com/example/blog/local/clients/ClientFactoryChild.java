package com.example.blog.local.clients;

import java.time.Duration;

import com.example.blog.config.ClientFactory;

/**
 * A JVM that does what a function's environment does with its clients and then simply ends: one factory from the
 * process environment, one call through each client, a presigned URL. Closing is left to the shutdown hook.
 *
 * <p>Arguments: cluster ARN, secret ARN, database, bucket.
 */
public final class ClientFactoryChild {

    static final String CALLS_MADE = "calls made through every client";

    private ClientFactoryChild() {
    }

    public static void main(String[] args) {
        ClientFactory clients = new ClientFactory(System.getenv());
        clients.rdsDataClient().executeStatement(request -> request.resourceArn(args[0]).secretArn(args[1])
                .database(args[2]).sql("select 1")).join();
        clients.s3Client().headBucket(request -> request.bucket(args[3])).join();
        clients.s3Presigner().presignGetObject(request -> request.signatureDuration(Duration.ofMinutes(1))
                .getObjectRequest(get -> get.bucket(args[3]).key("images/never-written.png")));
        System.out.println(CALLS_MADE);
    }
}
