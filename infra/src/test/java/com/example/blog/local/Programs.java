package com.example.blog.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tests that drive a client we did not write (aws, node, npm) find it on the PATH, or skip. */
public final class Programs {

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
