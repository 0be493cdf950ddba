package com.example.blog.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void median_ofOddCount_isTheMiddleSample() {
        assertThat(Stats.median(List.of(9.0, 1.0, 5.0, 700.0, 3.0))).isEqualTo(5.0);
    }

    @Test
    void median_ofEvenCount_isTheMeanOfTheMiddleSamples() {
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void median_ofNothing_isNaN() {
        assertThat(Stats.median(List.of())).isNaN();
    }

    @Test
    void percentile99_ofAThousandSamples_isTheTenthLargest() {
        List<Double> samples = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            samples.add((double) i);
        }
        assertThat(Stats.percentile(samples, 99)).isEqualTo(990.0);
    }

    @Test
    void percentile_outsideZeroToHundred_isRejected() {
        assertThatThrownBy(() -> Stats.percentile(List.of(1.0), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(List.of(1.0), 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unionLength_countsOverlappingCallsOnce() {
        // Two parallel calls [0,100] and [10,110], then one after a gap [200,250].
        List<long[]> calls = List.of(new long[] {200, 250}, new long[] {10, 110}, new long[] {0, 100});
        assertThat(Stats.unionLength(calls)).isEqualTo(110 + 50);
    }

    @Test
    void unionLength_ofNestedAndTouchingIntervals_isTheirSpan() {
        List<long[]> calls = List.of(new long[] {0, 100}, new long[] {20, 30}, new long[] {100, 120});
        assertThat(Stats.unionLength(calls)).isEqualTo(120);
    }

    @Test
    void unionLength_ofNothing_isZero() {
        assertThat(Stats.unionLength(List.of())).isZero();
    }
}
