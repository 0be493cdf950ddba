package com.example.blog.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ClassLoadLogTest {

    private static final List<String> LOG = List.of(
            "[1000ns] java.lang.Object source: shared objects file",
            "[2000ns] com.amazonaws.services.lambda.runtime.api.client.AWSLambda source: file:/runtime/lib/ric.jar",
            "[3000ns] com.example.blog.handler.CreateBlogHandler source: file:/task/lib/blog-functions.jar",
            "[3500ns] com.example.blog.config.ClientFactory source: shared objects file (top)",
            "[3600ns] java.lang.invoke.LambdaForm$MH/0x0000000800c01000 source: __JVM_LookupDefineClass__",
            "[3700ns] jdk.internal.reflect.GeneratedMethodAccessor1",
            "not a class load line",
            "[9000ns] com.example.blog.handler.Late source: file:/task/lib/blog-functions.jar");

    @Test
    void parse_countsClassesLoadedUntilTheResponse() {
        ClassLoadLog log = ClassLoadLog.parse(LOG, "com.example.blog.handler.CreateBlogHandler", 5000);

        assertThat(log.classesUntilResponse()).isEqualTo(6);
        assertThat(log.sharedUntilResponse()).isEqualTo(2);
    }

    @Test
    void parse_findsWhenTheHandlerClassWasLoaded() {
        ClassLoadLog log = ClassLoadLog.parse(LOG, "com.example.blog.handler.CreateBlogHandler", 5000);

        assertThat(log.handlerLoadedNanos()).isEqualTo(3000);
    }

    @Test
    void parse_withoutTheHandlerClass_reportsNoHandlerLoad() {
        ClassLoadLog log = ClassLoadLog.parse(LOG, "com.example.Missing", 5000);

        assertThat(log.handlerLoadedNanos()).isEqualTo(-1);
    }

    @Test
    void option_logsClassLoadsWithTheMonotonicClock() {
        assertThat(ClassLoadLog.option(Path.of("/tmp/x.log")))
                .isEqualTo("-Xlog:class+load=info:file=/tmp/x.log:timenanos");
    }
}
