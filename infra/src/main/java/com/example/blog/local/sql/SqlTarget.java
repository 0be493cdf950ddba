package com.example.blog.local.sql;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where statements go: a Data API endpoint (null for the SDK's own resolution, which also reads
 * {@code AWS_ENDPOINT_URL_RDS_DATA}), its region (null for the SDK's region chain), credentials, and the cluster,
 * secret and database every call names.
 */
record SqlTarget(URI endpoint, String region, AwsCredentialsProvider credentials, String resourceArn,
        String secretArn, String database) {
}
