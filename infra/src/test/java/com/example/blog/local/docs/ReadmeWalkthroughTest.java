package com.example.blog.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's curl walk-through works from a fresh clone with what the README says it needs: every file it posts
 * is in the repository and is an image the API takes, it calls no tool beyond curl and a POSIX shell, and its sed
 * expressions pick the fields out of the API's JSON.
 */
class ReadmeWalkthroughTest {

    private static final Path ROOT = Path.of(System.getProperty("blog.root.dir")).toAbsolutePath().normalize();

    @Test
    void walkthrough_postsOnlyImagesShippedInTheRepository() throws IOException {
        List<String> files = new ArrayList<>();
        Matcher upload = Pattern.compile("=@([^\\s)]+)").matcher(walkthrough());
        while (upload.find()) {
            files.add(upload.group(1));
        }

        assertThat(files).isNotEmpty();
        for (String file : files) {
            Path image = ROOT.resolve(file);
            assertThat(image).as(file).isRegularFile();
            assertThat(Files.readAllBytes(image)).as(file + " is a PNG").startsWith(0x89, 'P', 'N', 'G');
        }
    }

    @Test
    void walkthrough_needsNoToolTheReadmeDoesNotName() throws IOException {
        String commands = walkthrough();

        assertThat(commands).doesNotContainPattern("\\bjq\\b").doesNotContainPattern("\\bpython").doesNotContain("...");
    }

    @Test
    void walkthrough_sedExpressionsPickTheIdAndThePresignedUrl() throws Exception {
        String response = "{\"id\":\"3f1c2a9e-4b7d-4e21-9a55-0c6d8e9f1a2b\",\"title\":\"Hello\",\"author\":\"alice\","
                + "\"content\":\"First post\",\"imageUrl\":\"http://127.0.0.1:4566/blog-images/images/a.png"
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T000000Z&X-Amz-Signature=ab12\","
                + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"modifiedAt\":\"2026-01-01T00:00:00Z\",\"version\":1}";
        Matcher sed = Pattern.compile("sed -n '([^']*)'").matcher(walkthrough());
        List<String> picked = new ArrayList<>();
        while (sed.find()) {
            picked.add(runSed(sed.group(1), response));
        }

        assertThat(picked).containsExactly("3f1c2a9e-4b7d-4e21-9a55-0c6d8e9f1a2b",
                "http://127.0.0.1:4566/blog-images/images/a.png?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Date=20260101T000000Z&X-Amz-Signature=ab12");
    }

    private static String walkthrough() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("### Walk-through with curl");
        int start = readme.indexOf("```bash", section) + "```bash".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static String runSed(String expression, String input) throws Exception {
        Process sed = new ProcessBuilder("sed", "-n", expression).start();
        try (var in = sed.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(sed.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(sed.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
