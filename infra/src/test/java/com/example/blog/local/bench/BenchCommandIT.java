package com.example.blog.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.local.runtime.FunctionJdk;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The benchmark command end to end in its smallest setting: every variant launched, the overlap and warm loops run,
 * results, chart and target lines written. It checks that every figure is produced, never what the figures are.
 */
class BenchCommandIT {

    private static final Path ROOT = Path.of(System.getProperty("blog.root.dir")).toAbsolutePath().normalize();

    @Test
    void bench_inSmokeMode_printsEveryFigureAndOneLinePerTarget(@TempDir Path temp) throws Exception {
        BenchOptions options = BenchOptions.parse(new String[] {
                "--rounds", "1", "--profile-rounds", "1", "--warm", "20", "--overlap-runs", "1", "--delay-ms", "20",
                "--out", temp.resolve("out").toString(),
                "--plot", temp.resolve("chart.svg").toString(),
                "--data-dir", temp.resolve("data").toString(),
                "--artifact", ROOT.resolve("functions/target/blog-functions.zip").toString(),
                "--baseline", ROOT.resolve("bench/target/blog-baseline.zip").toString(),
                "--floor", ROOT.resolve("bench/target/blog-floor.zip").toString(),
                "--template", ROOT.resolve("template.yaml").toString(),
                // The same build again, as another build would be: proves the extra variant runs and is reported.
                "--compare", ROOT.resolve("functions/target/blog-functions.zip").toString()});
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int status = BenchCommand.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8), ROOT);

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as(output).isZero();
        List<String> lines = output.lines().toList();
        String[] names = {"cold", "cold_nocds", "classes", "cold_aot", "overlap", "overlap_update", "concurrency",
            "warm", "artifact"};
        List<String> targets = lines.subList(lines.size() - names.length, lines.size());
        assertThat(lines.stream().filter(line -> line.startsWith("ratio "))).hasSize(names.length);
        boolean jdk25 = !FunctionJdk.locate().fallback();
        for (int i = 0; i < names.length; i++) {
            // Without a JDK 25 there is no AOT cache to measure, and the line says so.
            String figure = names[i].equals("cold_aot") && !jdk25 ? "n/a" : "\\d+(\\.\\d+)?";
            assertThat(targets.get(i)).matches("ratio " + names[i] + " " + figure + " target <= \\d+(\\.\\d+)?");
        }
        List<String> variants = new java.util.ArrayList<>(
                List.of("floor", "baseline", "ours", "ours+cds", "ours-nosharing", "compare"));
        if (jdk25) {
            variants.add("ours+aot");
            assertThat(output).contains("missing cache -> starts").contains("-> starts (cache ignored)");
        }
        assertThat(output).containsPattern("Concurrency \\(get-blog.*ratio \\d");
        for (String variant : variants) {
            assertThat(output).containsPattern("(?m)^" + java.util.regex.Pattern.quote(variant) + " +\\d+ ");
        }
        assertThat(output).contains("missing archive -> starts").contains("-> starts (archive ignored)");

        JsonNode results = new ObjectMapper().readTree(temp.resolve("out/results.json").toFile());
        assertThat(results.path("coldStart")).hasSize(variants.size());
        for (JsonNode variant : results.path("coldStart")) {
            assertThat(variant.path("failures").asInt()).as(variant.toString()).isZero();
            assertThat(variant.path("classes").asDouble()).as(variant.toString()).isPositive();
        }
        assertThat(results.path("targets").size()).isEqualTo(names.length);
        assertThat(results.path("overlap").path("createCalls").asInt()).isEqualTo(2);
        String chart = Files.readString(temp.resolve("chart.svg"));
        assertThat(chart).startsWith("<svg").contains("ours+cds").endsWith("</svg>\n");
    }
}
