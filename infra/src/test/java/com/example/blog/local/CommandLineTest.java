package com.example.blog.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void parse_readsOptionsInBothFormsAndPositionals() {
        CommandLine line = CommandLine.parse(new String[] {"GetBlogFunction", "--event", "e.json", "--port=3001"},
                Set.of("event", "port"));

        assertThat(line.positional()).containsExactly("GetBlogFunction");
        assertThat(line.string("event", null)).isEqualTo("e.json");
        assertThat(line.port("port", 3000)).isEqualTo(3001);
    }

    @Test
    void parse_rejectsUnknownOptionsAndMissingValues() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--nope", "1"}, Set.of("port")))
                .hasMessageContaining("unknown option --nope");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--port"}, Set.of("port")))
                .hasMessageContaining("--port needs a value");
    }

    @Test
    void parseDuration_acceptsUnitsAndIsoForm_andRejectsNonsense() {
        assertThat(CommandLine.parseDuration("ttl", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(CommandLine.parseDuration("ttl", "15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(CommandLine.parseDuration("ttl", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(CommandLine.parseDuration("ttl", "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(CommandLine.parseDuration("ttl", "120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(CommandLine.parseDuration("ttl", "PT30M")).isEqualTo(Duration.ofMinutes(30));
        assertThat(CommandLine.parseDuration("ttl", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(CommandLine.parseDuration("ttl", "1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(CommandLine.parseDuration("ttl", "5min")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> CommandLine.parseDuration("ttl", "soon")).hasMessageContaining("--ttl");
        assertThatThrownBy(() -> CommandLine.parseDuration("ttl", "0s")).hasMessageContaining("--ttl");
        assertThatThrownBy(() -> CommandLine.parseDuration("ttl", "")).hasMessageContaining("--ttl");
    }
}
