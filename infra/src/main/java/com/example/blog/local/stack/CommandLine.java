package com.example.blog.local.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The options and positional arguments of a subcommand, {@code --name value} style. */
final class CommandLine {

    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private CommandLine() {
    }

    /** Parses {@code args}, accepting only the options in {@code known}; {@code --help} is always known. */
    static CommandLine parse(String[] args, Set<String> known) {
        CommandLine line = new CommandLine();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                line.options.put("help", "true");
            } else if (arg.startsWith("--")) {
                String name = arg.substring(2);
                String value = null;
                int equals = name.indexOf('=');
                if (equals >= 0) {
                    value = name.substring(equals + 1);
                    name = name.substring(0, equals);
                }
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                line.options.put(name, value);
            } else {
                line.positional.add(arg);
            }
        }
        return line;
    }

    boolean help() {
        return options.containsKey("help");
    }

    List<String> positional() {
        return positional;
    }

    String string(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    Path path(String name, Path fallback) {
        String value = options.get(name);
        return value == null ? fallback : Path.of(value);
    }

    int port(String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a port number (0 picks a free one): " + value);
        }
    }

    int positiveInt(String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < 1) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a positive whole number: " + value);
        }
    }

    /** A duration such as {@code 90s}, {@code 15m}, {@code 1h}, {@code 2d} or ISO-8601 {@code PT1H}. */
    Duration duration(String name, Duration fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        return parseDuration(name, value);
    }

    static Duration parseDuration(String name, String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        try {
            Duration duration;
            if (text.startsWith("p")) {
                duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            } else {
                char unit = text.charAt(text.length() - 1);
                long amount = Long.parseLong(Character.isDigit(unit) ? text : text.substring(0, text.length() - 1));
                duration = switch (unit) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    case 'd' -> Duration.ofDays(amount);
                    default -> {
                        if (!Character.isDigit(unit)) {
                            throw new NumberFormatException();
                        }
                        yield Duration.ofSeconds(amount);
                    }
                };
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new NumberFormatException();
            }
            return duration;
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--" + name + " must be a positive duration such as 90s, 15m, 1h: "
                    + value);
        }
    }
}
