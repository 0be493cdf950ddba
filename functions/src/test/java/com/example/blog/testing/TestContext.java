package com.example.blog.testing;

import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Lambda context an invocation sees; records what the function logs so tests can assert on it. */
public final class TestContext implements Context {

    public final List<String> logs = new ArrayList<>();
    private final String requestId;
    private final int remainingMillis;

    public TestContext() {
        this(30_000);
    }

    public TestContext(int remainingMillis) {
        this("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", remainingMillis);
    }

    /** An invocation of its own, as each of many concurrent ones in one environment. */
    public TestContext(String requestId, int remainingMillis) {
        this.requestId = requestId;
        this.remainingMillis = remainingMillis;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/blog-test";
    }

    @Override
    public String getLogStreamName() {
        return "2025/11/26/[$LATEST]0123456789abcdef";
    }

    @Override
    public String getFunctionName() {
        return "blog-test";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:blog-test";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                logs.add(message);
            }

            @Override
            public void log(byte[] message) {
                logs.add(new String(message, java.nio.charset.StandardCharsets.UTF_8));
            }
        };
    }
}
