package com.example.blog.local.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Order statistics of benchmark samples. Medians, not means: one descheduled run must not move a figure. */
final class Stats {

    private Stats() {
    }

    static double median(Collection<Double> samples) {
        return percentile(samples, 50);
    }

    /**
     * The {@code p}-th percentile by the nearest-rank method: the smallest sample with at least {@code p} percent of
     * the samples at or below it, except that the median of an even count is the mean of the two middle samples.
     */
    static double percentile(Collection<Double> samples, double p) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (p == 50 && sorted.length % 2 == 0) {
            return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The total length of the union of {@code [start, end]} intervals, in the intervals' unit. */
    static long unionLength(List<long[]> intervals) {
        List<long[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(interval -> interval[0]));
        long total = 0;
        long start = Long.MIN_VALUE;
        long end = Long.MIN_VALUE;
        for (long[] interval : sorted) {
            if (interval[0] > end) {
                if (end > start) {
                    total += end - start;
                }
                start = interval[0];
                end = interval[1];
            } else {
                end = Math.max(end, interval[1]);
            }
        }
        if (end > start) {
            total += end - start;
        }
        return total;
    }
}
