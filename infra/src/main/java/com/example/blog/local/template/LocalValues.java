package com.example.blog.local.template;

import java.util.Map;
import java.util.Objects;

/**
 * What the template's references stand for on the local stack: CloudFormation would give a bucket's name or a
 * cluster's ARN once it created them; locally these are the stack's fixed resources.
 *
 * @param region             {@code AWS::Region}
 * @param accountId          {@code AWS::AccountId}
 * @param stackName          {@code AWS::StackName}
 * @param bucket             the bucket every {@code AWS::S3::Bucket} without a {@code BucketName} becomes
 * @param clusterArn         what every {@code AWS::RDS::DBCluster} becomes
 * @param secretArn          what every {@code AWS::SecretsManager::Secret} becomes
 * @param parameterOverrides template parameter values that replace their defaults
 */
public record LocalValues(String region, String accountId, String stackName, String bucket, String clusterArn,
        String secretArn, Map<String, String> parameterOverrides) {

    public LocalValues {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(stackName, "stackName");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(clusterArn, "clusterArn");
        Objects.requireNonNull(secretArn, "secretArn");
        parameterOverrides = Map.copyOf(parameterOverrides);
    }
}
