/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tests' C twins and Java subprocesses: the C compiler is the authority the bindings are
 * checked against, and output that libc writes to fd 1 and 2 must not land in the test JVM's own
 * streams (surefire talks to it through them).
 */
final class NativeProbe {

    /** The bindings module directory: surefire sets basedir; a run from the IDE starts there. */
    static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final long TIMEOUT_SECONDS = 60;

    private NativeProbe() {
    }

    /** What a finished process left: its exit status and the bytes of its stdout and stderr. */
    record Result(int status, String stdout, String stderr) {
    }

    /** Compiles src/test/c/NAME.c against the bindings' header into dir; returns the executable. */
    static Path compile(String name, Path dir) throws IOException, InterruptedException {
        return compile(MODULE.resolve("src/test/c/" + name + ".c"), dir);
    }

    /** Compiles the C file at source (one a test wrote, say) the same way; returns the executable. */
    static Path compile(Path source, Path dir) throws IOException, InterruptedException {
        String file = source.getFileName().toString();
        Path binary = dir.resolve(file.endsWith(".c") ? file.substring(0, file.length() - 2) : file + ".bin");
        Result gcc = run(List.of("gcc", "-Wall", "-Wextra", "-O2", "-I", MODULE.resolve("headers").toString(),
                "-o", binary.toString(), source.toString()));
        if (gcc.status() != 0) {
            throw new AssertionError("gcc failed on " + source + ":\n" + gcc.stderr());
        }
        return binary;
    }

    /**
     * Parses "key value" lines as a probe prints them; an unsigned value above Long.MAX_VALUE
     * (printed with %llu) becomes the long of the same 64 bits.
     */
    static Map<String, Long> keyValues(String stdout) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 2) {
                values.put(parts[0], parts[1].startsWith("-") ? Long.parseLong(parts[1]) : Long.parseUnsignedLong(parts[1]));
            }
        }
        return values;
    }

    /** Runs a command to its end (bounded in time; killed by pid and failed if it overruns). */
    static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("probe", ".out");
        Path err = Files.createTempFile("probe", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.getFirst() + " (is it installed?): " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs {@link BindingsProbe} in a JVM of its own, with native access enabled as the launchers do. */
    static Result java(String... args) throws IOException, InterruptedException {
        return java(List.of(), args);
    }

    /** The same, with extra JVM options. */
    static Result java(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return java(BindingsProbe.class, jvmOptions, args);
    }

    /** Runs {@code main} (a class of the tests) in a JVM of its own, with extra JVM options. */
    static Result java(Class<?> main, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        return run(command);
    }
}
