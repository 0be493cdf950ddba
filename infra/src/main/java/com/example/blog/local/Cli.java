package com.example.blog.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.example.blog.local.template.TemplateException;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * What every subcommand shares: typed option values that explain a bad value, and errors reported as one line that
 * says what to do, with a non-zero exit status (2 for a bad command line, 1 for anything else).
 */
public final class Cli {

    private Cli() {
    }

    /** Runs {@code command} (a picocli command object) with {@code args} and returns its exit status. */
    public static int execute(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    /** A picocli command line for {@code command} with this project's error reporting. */
    public static CommandLine commandLine(Object command) {
        CommandLine line = new CommandLine(command);
        line.setParameterExceptionHandler(Cli::badCommandLine);
        line.setExecutionExceptionHandler((e, failed, parseResult) -> failed(e, failed));
        return line;
    }

    private static int badCommandLine(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println(name(failed) + ": " + e.getMessage() + " (see " + name(failed) + " --help)");
        err.flush();
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failed(Exception e, CommandLine failed) throws Exception {
        if (!(e instanceof UserError || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof TemplateException)) {
            throw e;
        }
        PrintWriter err = failed.getErr();
        err.println(name(failed) + ": " + message(e));
        err.flush();
        return e instanceof UserError user ? user.exitCode() : 1;
    }

    /** The message and, when they add something, the messages of its causes: the line a user gets. */
    public static String message(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String more = cause.getMessage();
            if (more != null && !text.toString().contains(more)) {
                text.append(": ").append(more);
            }
        }
        return text.toString().replace('\n', ' ');
    }

    private static String name(CommandLine line) {
        return line.getParent() == null ? "blog-local" : line.getCommandName();
    }

    /** A failure the user can act on: reported as its message alone, no stack trace. */
    public static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        public UserError(String message) {
            this(message, 1);
        }

        public UserError(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public UserError(String message, Throwable cause) {
            super(message, cause);
            this.exitCode = 1;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** {@code -h}/{@code --help} for every subcommand. */
    public static final class HelpOption {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;
    }

    /** A TCP port, 0 to 65535; 0 picks a free one. */
    public static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value.strip());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
            throw new TypeConversionException("'" + value + "' is not a port number: give 0 to 65535 (0 picks a"
                    + " free port)");
        }
    }

    /** A whole number of at least 1. */
    public static final class PositiveNumber implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 1);
        }
    }

    /** A whole number of at least 0. */
    public static final class NonNegativeNumber implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 0);
        }
    }

    private static int atLeast(String value, int minimum) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new TypeConversionException("'" + value + "' is not a whole number of at least " + minimum);
    }

    /**
     * A duration such as {@code 500ms}, {@code 90s}, {@code 1.5m}, {@code 15min}, {@code 1h}, {@code 2d}, a plain
     * number of seconds, or ISO-8601 {@code PT1H}.
     */
    public static final class PositiveDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseDuration(value);
        }
    }

    public static Duration parseDuration(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        try {
            Duration duration;
            if (text.startsWith("p")) {
                duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            } else {
                int split = 0;
                while (split < text.length() && (Character.isDigit(text.charAt(split)) || text.charAt(split) == '.')) {
                    split++;
                }
                double amount = Double.parseDouble(text.substring(0, split));
                double millis = switch (text.substring(split)) {
                    case "ms" -> amount;
                    case "", "s" -> amount * 1_000;
                    case "m", "min" -> amount * 60_000;
                    case "h" -> amount * 3_600_000;
                    case "d" -> amount * 86_400_000;
                    default -> throw new NumberFormatException();
                };
                duration = Duration.ofMillis(Math.round(millis));
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new NumberFormatException();
            }
            return duration;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a positive duration such as 500ms, 90s, 15m,"
                    + " 1h or PT1H");
        }
    }
}
