package com.example.blog.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The options and positional arguments of a subcommand, {@code --name value} or {@code --name=value} style. */
public final class CommandLine {

    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private CommandLine() {
    }

    /** Parses {@code args}, accepting only the options in {@code known}; {@code --help} is always known. */
    public static CommandLine parse(String[] args, Set<String> known) {
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

    public boolean help() {
        return options.containsKey("help");
    }

    public List<String> positional() {
        return positional;
    }

    public String string(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public Path path(String name, Path fallback) {
        String value = options.get(name);
        return value == null ? fallback : Path.of(value);
    }

    public int port(String name, int fallback) {
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

    public int positiveInt(String name, int fallback) {
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

    /**
     * A duration such as {@code 500ms}, {@code 90s}, {@code 1.5m}, {@code 15min}, {@code 1h}, {@code 2d}, a plain
     * number of seconds, or ISO-8601 {@code PT1H}.
     */
    public Duration duration(String name, Duration fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        return parseDuration(name, value);
    }

    public static Duration parseDuration(String name, String value) {
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
            throw new IllegalArgumentException("--" + name + " must be a positive duration such as 90s, 15m, 1h: "
                    + value);
        }
    }
}
