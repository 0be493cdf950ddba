package com.example.blog.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void parse_withoutArguments_takesTheDefaults() {
        BenchOptions options = BenchOptions.parse(new String[0]);

        assertThat(options.rounds()).isEqualTo(7);
        assertThat(options.profileRounds()).isEqualTo(3);
        assertThat(options.warm()).isEqualTo(1000);
        assertThat(options.delayMillis()).isEqualTo(100);
        assertThat(options.artifact()).isEqualTo(Path.of("functions/target/blog-functions.zip").toAbsolutePath());
        assertThat(options.compare()).isNull();
    }

    @Test
    void parse_withoutPlot_writesTheChartUnderOut_notOverATrackedFile() {
        BenchOptions options = BenchOptions.parse(new String[] {"--out", "target/elsewhere"});

        assertThat(options.plot()).isEqualTo(Path.of("target/elsewhere/cold-start.svg").toAbsolutePath());
        assertThat(BenchOptions.parse(new String[0]).plot())
                .isEqualTo(Path.of("target/bench/cold-start.svg").toAbsolutePath());
    }

    @Test
    void parse_compare_namesTheOtherBuild() {
        BenchOptions options = BenchOptions.parse(new String[] {"--compare", "before/blog-functions.zip"});

        assertThat(options.compare()).isEqualTo(Path.of("before/blog-functions.zip").toAbsolutePath());
    }

    @Test
    void parse_acceptsBothOptionForms_andCapsProfileRoundsByRounds() {
        BenchOptions options = BenchOptions.parse(new String[] {"--rounds=2", "--profile-rounds", "5",
                "--delay-ms", "0", "--warm", "20"});

        assertThat(options.rounds()).isEqualTo(2);
        assertThat(options.profileRounds()).isEqualTo(2);
        assertThat(options.delayMillis()).isZero();
        assertThat(options.warm()).isEqualTo(20);
    }

    @Test
    void parse_help_returnsNull() {
        assertThat(BenchOptions.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void parse_rejectsUnknownOptionsAndBadNumbers() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--round", "3"}))
                .hasMessageContaining("Unknown option").hasMessageContaining("'--round'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rounds", "0"}))
                .hasMessageContaining("--rounds").hasMessageContaining("not a whole number of at least 1");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--warm"}))
                .hasMessageContaining("Missing required parameter for option '--warm'");
    }
}
