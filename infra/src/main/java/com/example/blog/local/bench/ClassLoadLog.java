package com.example.blog.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a function process's {@code -Xlog:class+load:file=...:timenanos} log says about its cold start. The
 * {@code timenanos} decoration is the JVM's monotonic clock, the same as {@link System#nanoTime()} in the process
 * that launched it, so log lines can be placed on the launcher's time line.
 *
 * @param classesUntilResponse classes loaded before the response was received
 * @param sharedUntilResponse  of those, how many came from a class-data-sharing archive
 * @param handlerLoadedNanos   when the handler class was loaded (the end of JVM and runtime start), or -1
 */
record ClassLoadLog(int classesUntilResponse, int sharedUntilResponse, long handlerLoadedNanos) {

    /** {@code [123456789ns] com.example.Foo source: ...}; hidden classes have no source but are loads too. */
    private static final Pattern LINE = Pattern.compile("^\\[(\\d+)ns\\]\\s+(\\S+)(?:\\s+source:\\s*(.*))?$");

    /** The JVM option that writes the log this class reads. */
    static String option(Path file) {
        return "-Xlog:class+load=info:file=" + file + ":timenanos";
    }

    static ClassLoadLog read(Path file, String handlerClass, long responseNanos) throws IOException {
        return parse(Files.readAllLines(file), handlerClass, responseNanos);
    }

    static ClassLoadLog parse(List<String> lines, String handlerClass, long responseNanos) {
        int classes = 0;
        int shared = 0;
        long handlerLoaded = -1;
        for (String line : lines) {
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                continue;
            }
            long nanos = Long.parseLong(matcher.group(1));
            if (nanos > responseNanos) {
                continue;
            }
            classes++;
            String source = matcher.group(3);
            if (source != null && source.startsWith("shared objects file")) {
                shared++;
            }
            if (handlerLoaded < 0 && matcher.group(2).equals(handlerClass)) {
                handlerLoaded = nanos;
            }
        }
        return new ClassLoadLog(classes, shared, handlerLoaded);
    }
}
