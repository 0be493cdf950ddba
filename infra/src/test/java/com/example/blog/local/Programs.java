package com.example.blog.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The tests that drive a client we did not write (aws, node, npm, Chromium) find it, or skip. */
public final class Programs {

    /** The system's Chromium, which the browser tests drive through Playwright instead of a downloaded one. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** What the browser needs on a build machine without a display, a GPU, a sandbox or an internet connection. */
    public static final List<String> CHROMIUM_FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync");

    private Programs() {
    }

    /** Whether {@code program} is an executable in one of the PATH's directories. */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
