package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The documented start command, {@code bin/servicehub}, runs java with the memory settings of
 * {@code ops/jvm.options} (docs/operations.md, "Sizing") and the operator's arguments. The launcher
 * runs for real here, on a small jar whose main class reports what the JVM it started with has in
 * effect: the collector, the VM flags, the Netty allocator properties, the environment and the
 * arguments. A flag this JVM does not accept fails the start, and so the test.
 */
class LauncherTests {

    static final Path LAUNCHER = Path.of("bin/servicehub");
    static final Path OPTIONS = Path.of("ops/jvm.options");

    @Test
    void theLauncherStartsJavaWithTheOptionsFileAndPassesTheArguments(@TempDir Path dir) throws Exception {
        Map<String, String> effective = launch(dir, Map.of(), "--server.port=5123", "two words");

        // The settings the sizing notes are about, as the running JVM has them.
        assertThat(effective.get("gc")).isEqualTo("Copy,MarkSweepCompact");
        assertThat(effective.get("flag.MinHeapFreeRatio")).isEqualTo(xxValue("MinHeapFreeRatio"));
        assertThat(effective.get("flag.MaxHeapFreeRatio")).isEqualTo(xxValue("MaxHeapFreeRatio"));
        assertThat(effective.get("flag.TrimNativeHeapInterval")).isEqualTo(xxValue("TrimNativeHeapInterval"));
        assertThat(Integer.parseInt(effective.get("flag.MaxHeapFreeRatio"))).isLessThanOrEqualTo(30);
        assertThat(effective.get("prop.io.netty.allocator.type")).isEqualTo("pooled");
        assertThat(effective.get("prop.io.netty.allocator.maxOrder"))
                .isEqualTo(property("io.netty.allocator.maxOrder"));
        assertThat(effective.get("env.MALLOC_ARENA_MAX")).isEqualTo("2");
        assertThat(effective.get("args")).isEqualTo("--server.port=5123|two words");
    }

    @Test
    void everyOptionOfTheFileReachesTheJvm(@TempDir Path dir) throws Exception {
        Map<String, String> effective = launch(dir, Map.of());

        List<String> input = List.of(effective.get("input").split("\\|"));
        for (String option : options()) {
            assertThat(input).as("JVM input arguments").contains(option);
        }
    }

    @Test
    void javaOptsComeAfterTheFileSoTheOperatorsFlagWins(@TempDir Path dir) throws Exception {
        Map<String, String> effective = launch(dir, Map.of("JAVA_OPTS", "-XX:MaxHeapFreeRatio=40"));

        assertThat(effective.get("flag.MaxHeapFreeRatio")).isEqualTo("40");
        assertThat(effective.get("gc")).isEqualTo("Copy,MarkSweepCompact");
    }

    @Test
    void onJava25AndLaterObjectsGetCompactHeadersAndNotBefore(@TempDir Path dir) throws Exception {
        Path jdk25 = newestJdkFrom(25);
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk25 != null, "no JDK 25 or later under /usr/lib/jvm");

        Map<String, String> on25 = launch(dir, Map.of("JAVA_HOME", jdk25.toString()));
        assertThat(on25.get("flag.UseCompactObjectHeaders")).isEqualTo("true");
        assertThat(on25.get("gc")).isEqualTo("Copy,MarkSweepCompact");

        if (Runtime.version().feature() < 25) {
            Map<String, String> before = launch(dir, Map.of());
            assertThat(before.get("input")).doesNotContain("UseCompactObjectHeaders");
        }
        Map<String, String> refused =
                launch(dir, Map.of("JAVA_HOME", jdk25.toString(), "JAVA_OPTS", "-XX:-UseCompactObjectHeaders"));
        assertThat(refused.get("flag.UseCompactObjectHeaders"))
                .as("the operator's JAVA_OPTS still win")
                .isEqualTo("false");
    }

    /** A JDK of at least {@code feature} under /usr/lib/jvm, by its release file, or null. */
    static Path newestJdkFrom(int feature) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (java.util.stream.Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                if (Files.isRegularFile(release) && Files.isExecutable(home.resolve("bin/java"))) {
                    for (String line : Files.readAllLines(release)) {
                        java.util.regex.Matcher version = java.util.regex.Pattern.compile("^JAVA_VERSION=\"(\\d+)")
                                .matcher(line);
                        if (version.find() && Integer.parseInt(version.group(1)) >= feature) {
                            return home;
                        }
                    }
                }
            }
        }
        return null;
    }

    /** The image starts java as the launcher does: the options file, and compact headers on its Java 25 and later. */
    @Test
    void theImageCarriesTheOptionsFileAndTheFlagsOfItsJava() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("COPY ops/jvm.options /app/jvm.options");
        java.util.regex.Matcher base = java.util.regex.Pattern.compile("(?m)^FROM eclipse-temurin:(\\d+)-jre")
                .matcher(dockerfile);
        assertThat(base.find()).as("a Temurin JRE base").isTrue();
        java.util.regex.Matcher entrypoint =
                java.util.regex.Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(dockerfile);
        assertThat(entrypoint.find()).isTrue();
        List<String> command = List.of(entrypoint.group(1).replace("\"", "").split(",\\s*"));
        assertThat(command).startsWith("java", "@/app/jvm.options");
        assertThat(command).endsWith("-jar", "/app/app.jar");
        if (Integer.parseInt(base.group(1)) >= 25) {
            assertThat(command).contains("-XX:+UseCompactObjectHeaders");
        } else {
            assertThat(command).doesNotContain("-XX:+UseCompactObjectHeaders");
        }
    }

    @Test
    void theG1OptionsFileIsAcceptedToo(@TempDir Path dir) throws Exception {
        Map<String, String> effective = launch(dir, Map.of("SERVICEHUB_JVM_OPTIONS", "ops/jvm-g1.options"));

        assertThat(effective.get("gc")).isEqualTo("G1 Young Generation,G1 Old Generation");
        assertThat(effective.get("prop.io.netty.allocator.type")).isEqualTo("pooled");
    }

    /** The value the options file gives {@code -XX:name=value}. */
    static String xxValue(String name) throws IOException {
        return valueOf("-XX:" + name + "=");
    }

    /** The value the options file gives {@code -Dname=value}. */
    static String property(String name) throws IOException {
        return valueOf("-D" + name + "=");
    }

    private static String valueOf(String prefix) throws IOException {
        return options().stream()
                .filter(option -> option.startsWith(prefix))
                .map(option -> option.substring(prefix.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(OPTIONS + " has no " + prefix));
    }

    /** The options file's settings, comments and blank lines left out. */
    static List<String> options() throws IOException {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(OPTIONS)) {
            String option = line.replaceAll("#.*", "").strip();
            if (!option.isEmpty()) {
                options.add(option);
            }
        }
        assertThat(options).isNotEmpty();
        return options;
    }

    private static Map<String, String> launch(Path dir, Map<String, String> env, String... args) throws Exception {
        Path jar = probeJar(dir);
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("MALLOC_ARENA_MAX");
        builder.environment().put("SERVICEHUB_JAR", jar.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Map<String, String> effective = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (line.startsWith("probe.") && equals > 0) {
                effective.put(line.substring("probe.".length(), equals), line.substring(equals + 1));
            }
        }
        assertThat(effective).as(output).containsKey("gc");
        return effective;
    }

    /** A jar whose main class is {@link Probe}, as the launcher would find the application's. */
    private static Path probeJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Probe.class.getName());
        Path jar = dir.resolve("probe.jar");
        String entry = Probe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream classFile = LauncherTests.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    /** Runs in the launched JVM: prints what is in effect there, one {@code probe.key=value} a line. */
    public static final class Probe {

        public static void main(String[] args) {
            List<String> collectors = new ArrayList<>();
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                collectors.add(collector.getName());
            }
            System.out.println("probe.gc=" + String.join(",", collectors));
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            List<String> flags = new ArrayList<>(List.of(
                    "MinHeapFreeRatio",
                    "MaxHeapFreeRatio",
                    "TrimNativeHeapInterval",
                    "MaxNewSize",
                    "ReservedCodeCacheSize",
                    "MaxMetaspaceSize"));
            if (Runtime.version().feature() >= 25) {
                flags.add("UseCompactObjectHeaders");
            }
            for (String flag : flags) {
                System.out.println(
                        "probe.flag." + flag + "=" + vm.getVMOption(flag).getValue());
            }
            for (String property : List.of("io.netty.allocator.type", "io.netty.allocator.maxOrder")) {
                System.out.println("probe.prop." + property + "=" + System.getProperty(property));
            }
            System.out.println("probe.env.MALLOC_ARENA_MAX=" + System.getenv("MALLOC_ARENA_MAX"));
            System.out.println("probe.input="
                    + String.join("|", ManagementFactory.getRuntimeMXBean().getInputArguments()));
            System.out.println("probe.args=" + String.join("|", args));
        }
    }
}
