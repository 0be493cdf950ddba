package com.example.blog.local.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Class-data-sharing archives the benchmark feeds to functions to show that a wrong one is ignored. */
final class CdsArchives {

    /** The JVM identification string sits in the archive's header, well within its first pages. */
    private static final int HEADER_SEARCH_BYTES = 64 * 1024;

    private CdsArchives() {
    }

    /**
     * Writes a copy of {@code archive} that claims to come from another build of the JVM, as an archive made by
     * another JDK's {@code java} would (the header's JVM identification differs); when the identification cannot
     * be found, a copy with a damaged header instead. Returns which of the two it wrote.
     */
    static String foreignCopy(Path archive, Path target) throws IOException {
        return foreignCopy(archive, target, System.getProperty("java.vm.version"));
    }

    /** As above, for an archive or AOT cache made by the JVM whose {@code java.vm.version} is {@code vmVersion}. */
    static String foreignCopy(Path archive, Path target, String vmVersion) throws IOException {
        byte[] bytes = Files.readAllBytes(archive);
        byte[] version = vmVersion.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, version, Math.min(bytes.length, HEADER_SEARCH_BYTES));
        String kind;
        if (at >= 0) {
            int last = at + version.length - 1;
            bytes[last] = (byte) (bytes[last] == '9' ? '8' : '9');
            kind = "header claims JVM build " + new String(bytes, at, version.length, StandardCharsets.US_ASCII);
        } else {
            bytes[0] ^= (byte) 0xFF;
            kind = "damaged header";
        }
        Files.write(target, bytes);
        return kind;
    }

    static int indexOf(byte[] data, byte[] pattern, int limit) {
        outer:
        for (int i = 0; i + pattern.length <= limit; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
