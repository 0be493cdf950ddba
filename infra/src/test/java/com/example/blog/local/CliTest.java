package com.example.blog.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class CliTest {

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Cli.commandLine(new BlogLocal());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int status = line.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void startApi_withAPortThatIsNotANumber_failsWithOneLineNamingTheOptionAndTheRange() {
        Run run = run("start-api", "--port", "abc");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("--port").contains("'abc'").contains("0 to 65535").contains("--help");
    }

    @Test
    void startApi_withAPortOutOfRange_failsWithOneLine() {
        Run run = run("start-api", "--port=99999");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).startsWith("start-api: ").contains("'99999'").contains("0 to 65535");
    }

    @Test
    void startApi_help_isGeneratedAndListsEveryOptionWithItsDefault() {
        Run run = run("start-api", "--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Usage: java -jar infra/target/blog-local.jar start-api")
                .contains("--port=PORT").contains("Default: 3000").contains("--data-dir=DIR")
                .contains("--max-instances=N");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void unknownOptionAndUnknownCommand_failWithOneLineAndStatus2() {
        Run option = run("token", "--user", "alice", "--nope");
        Run command = run("serve");

        assertThat(option.status()).isEqualTo(2);
        assertThat(option.err().strip()).startsWith("token: Unknown option: '--nope'").doesNotContain("\n");
        assertThat(command.status()).isEqualTo(2);
        assertThat(command.err().strip()).startsWith("blog-local: ").doesNotContain("\n");
    }

    @Test
    void noCommand_failsWithStatus2_andHelpListsTheCommands() {
        assertThat(run().status()).isEqualTo(2);
        Run help = run("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("start-api", "invoke", "data-api", "token", "bench");
    }

    @Test
    void invoke_withoutEvent_namesTheMissingOption() {
        Run run = run("invoke", "GetBlogFunction");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--event");
    }

    @Test
    void token_withABadTtl_saysWhatADurationLooksLike() {
        Run run = run("token", "--user", "alice", "--ttl", "soon");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--ttl").contains("'soon'").contains("90s");
    }

    @Test
    void dataApi_withADbPortOutOfRange_failsBeforeStartingAnything() {
        Run run = run("data-api", "--db-port", "-1");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("data-api: ").contains("--db-port");
    }

    @Test
    void parseDuration_acceptsUnitsAndIsoForm_andRejectsNonsense() {
        assertThat(Cli.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Cli.parseDuration("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Cli.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Cli.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Cli.parseDuration("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(Cli.parseDuration("PT30M")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Cli.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Cli.parseDuration("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Cli.parseDuration("5min")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> Cli.parseDuration("soon")).hasMessageContaining("'soon'");
        assertThatThrownBy(() -> Cli.parseDuration("0s")).hasMessageContaining("positive duration");
        assertThatThrownBy(() -> Cli.parseDuration("")).hasMessageContaining("positive duration");
    }
}
