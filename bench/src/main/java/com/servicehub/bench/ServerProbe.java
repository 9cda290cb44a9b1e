package com.servicehub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the server's memory from outside: resident set size from {@code /proc/PID/status}, and
 * Java heap in use after a full collection ({@code jcmd PID GC.run}, then {@code GC.heap_info}).
 * The server must run on this machine as the same user, with the attach mechanism enabled (the
 * default).
 */
final class ServerProbe {

    record Sample(long rssKb, long heapUsedKb, long threads) {}

    private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");

    private final long pid;
    private final String jcmd;

    ServerProbe(long pid, String jcmd) {
        this.pid = pid;
        this.jcmd = jcmd;
    }

    static String defaultJcmd() {
        Path beside = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(beside) ? beside.toString() : "jcmd";
    }

    Sample sample() throws IOException, InterruptedException {
        jcmd("GC.run");
        Thread.sleep(300);
        jcmd("GC.run");
        String heap = jcmd("GC.heap_info");
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        return new Sample(statusField(status, "VmRSS"), heapUsedKb(heap), statusField(status, "Threads"));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd, Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out.trim());
        }
        return out;
    }

    /** A numeric field of /proc/PID/status ("VmRSS:   123456 kB" gives 123456); -1 if absent. */
    static long statusField(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return -1;
    }

    /**
     * Heap in use, in KiB, from GC.heap_info: the sum of "used" over the top-level heap lines
     * (one for G1 and ZGC, young plus old for Parallel and Serial), leaving out Metaspace.
     * -1 when the format is not recognised.
     */
    static long heapUsedKb(String heapInfo) {
        long total = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.length() < 2 || line.charAt(0) != ' ' || line.charAt(1) == ' ') {
                continue;
            }
            String trimmed = line.trim();
            if (trimmed.startsWith("Metaspace") || trimmed.startsWith("class space")) {
                continue;
            }
            Matcher m = USED.matcher(trimmed);
            if (m.find()) {
                long value = Long.parseLong(m.group(1));
                total += switch (m.group(2)) {
                    case "G" -> value * 1024 * 1024;
                    case "M" -> value * 1024;
                    default -> value;
                };
                found = true;
            }
        }
        return found ? total : -1;
    }
}
