package com.servicehub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line: a scenario name, then {@code --name value} or {@code --name=value} flags.
 * Every flag a scenario reads is marked as used, so a misspelt flag fails the run instead of
 * being silently ignored.
 */
final class Options {

    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    private Options(String command) {
        this.command = command;
    }

    static Options parse(String... args) {
        if (args.length == 0 || args[0].startsWith("--")) {
            throw new UsageException("first argument must be a scenario name");
        }
        Options options = new Options(args[0]);
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("expected --name, got '" + arg + "'");
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                options.values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.values.put(name, args[++i]);
            } else {
                options.values.put(name, "true");
            }
        }
        return options;
    }

    String command() {
        return command;
    }

    boolean has(String name) {
        used.add(name);
        String value = values.get(name);
        return value != null && !value.isEmpty();
    }

    String string(String name, String fallback) {
        used.add(name);
        String value = values.get(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    String required(String name) {
        String value = string(name, null);
        if (value == null) {
            throw new UsageException("--" + name + " is required");
        }
        return value;
    }

    int integer(String name, int fallback) {
        String value = string(name, null);
        try {
            return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + value + "'");
        }
    }

    double decimal(String name, double fallback) {
        String value = string(name, null);
        try {
            return value == null ? fallback : Double.parseDouble(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + value + "'");
        }
    }

    boolean flag(String name, boolean fallback) {
        String value = string(name, null);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }

    /** Seconds as a plain number ({@code 15}, {@code 0.5}) or with a unit ({@code 15s}, {@code 500ms}, {@code 2m}, {@code 2h}). */
    Duration duration(String name, Duration fallback) {
        String value = string(name, null);
        return value == null ? fallback : parseDuration(name, value);
    }

    List<String> list(String name, String fallback) {
        String value = string(name, fallback);
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    List<Double> decimals(String name, String fallback) {
        List<Double> numbers = new ArrayList<>();
        for (String item : list(name, fallback)) {
            try {
                numbers.add(Double.parseDouble(item.replace("_", "")));
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a list of numbers, got '" + item + "'");
            }
        }
        return numbers;
    }

    /** Fails when a flag was given that no part of the chosen scenario reads. */
    void rejectUnused() {
        List<String> unknown = new ArrayList<>();
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                unknown.add("--" + name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UsageException("unknown option(s) for '" + command + "': " + String.join(" ", unknown));
        }
    }

    static Duration parseDuration(String name, String value) {
        try {
            String v = value.trim().toLowerCase();
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("h")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 3_600_000));
            }
            if (v.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            }
            if (v.endsWith("s")) {
                v = v.substring(0, v.length() - 1);
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a duration such as 15s or 500ms, got '" + value + "'");
        }
    }

    /** A mistake on the command line: reported without a stack trace. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
