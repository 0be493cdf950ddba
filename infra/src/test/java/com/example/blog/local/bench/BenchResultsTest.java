package com.example.blog.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchResultsTest {

    @Test
    void number_printsAtMostTwoDecimalsWithoutTrailingZeros() {
        assertThat(BenchResults.number(0.5)).isEqualTo("0.5");
        assertThat(BenchResults.number(0.434)).isEqualTo("0.43");
        assertThat(BenchResults.number(5)).isEqualTo("5");
        assertThat(BenchResults.number(1.001)).isEqualTo("1");
    }
}
