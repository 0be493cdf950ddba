package com.example.blog.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.example.blog.local.bench.ColdStarts.ColdRun;
import com.example.blog.local.bench.ConcurrencyBench.Concurrency;
import com.example.blog.local.bench.OverlapBench.Overlap;
import com.example.blog.local.bench.WarmBench.Warm;

class BenchResultsTest {

    @Test
    void number_printsAtMostTwoDecimalsWithoutTrailingZeros() {
        assertThat(BenchResults.number(0.5)).isEqualTo("0.5");
        assertThat(BenchResults.number(0.434)).isEqualTo("0.43");
        assertThat(BenchResults.number(5)).isEqualTo("5");
        assertThat(BenchResults.number(1.001)).isEqualTo("1");
    }

    @Test
    void number_withoutAFigure_printsNotAvailable() {
        assertThat(BenchResults.number(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void targets_areComparedUnrounded_andAVariantThatNeverAnsweredMeetsNone() {
        Map<String, List<ColdRun>> timed = new LinkedHashMap<>();
        timed.put(BenchCommand.FLOOR, List.of(answered(500, 2000)));
        timed.put(BenchCommand.BASELINE, List.of(answered(2000, 10000)));
        timed.put(BenchCommand.OURS, List.of(answered(1000, 8010)));
        timed.put(BenchCommand.OURS_CDS, List.of(new ColdRun(900, 100, 1000, 500, 4000, 3000, 200)));
        timed.put(BenchCommand.OURS_NO_SHARING, List.of(answered(1400, 8000)));
        BenchResults results = new BenchResults(BenchOptions.parse(new String[0]), "17", timed, timed,
                new BenchResults.Fallback(BenchCommand.OURS_NO_SHARING, true, "other", true),
                new Overlap(100, 120, 200, 0.6, 2, 300, 400, 0.75, 4), new Warm(10, 4, 1, 3, 9),
                new Warm(10, 1, 0, 1, 2), 40, 100, 1, 1, null,
                new Concurrency(32, 320, 50, 1500, 32_000, 60, 90, 300, 200));

        Map<String, double[]> targets = results.targets();

        assertThat(targets.get("cold")[0]).isNaN();
        assertThat(targets.get("classes")[0]).isEqualTo(0.801);
        assertThat(targets.get("classes")[0] <= targets.get("classes")[1]).isFalse();
        assertThat(targets.get("cold_nocds")[0]).isEqualTo(0.7);
        assertThat(targets.get("cold_aot")[0]).as("no AOT variant ran").isNaN();
        assertThat(targets.get("overlap_update")[0]).isEqualTo(0.75);
        assertThat(targets.get("concurrency")[0]).isEqualTo(1.5);
        assertThat(targets.get("concurrency")[0] <= targets.get("concurrency")[1]).isTrue();
        assertThat(targets.keySet()).containsExactly("cold", "cold_nocds", "classes", "cold_aot", "overlap",
                "overlap_update", "concurrency", "warm", "artifact");
    }

    private static ColdRun answered(double totalMillis, int classes) {
        return new ColdRun(totalMillis * 0.6, totalMillis * 0.4, totalMillis, 201, classes, 1000, 200);
    }
}
