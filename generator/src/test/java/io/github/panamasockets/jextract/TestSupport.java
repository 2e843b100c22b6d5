/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the generator tests share: finding resources, running the generator and external tools. */
final class TestSupport {

    /** Anything a test starts must finish well within this, or the test fails instead of hanging. */
    private static final long PROCESS_TIMEOUT_SECONDS = 60;

    private TestSupport() {
    }

    /** A file of src/test/resources, by absolute path: the tests never depend on the current directory. */
    static Path resource(String name) {
        URL url = TestSupport.class.getResource("/" + name);
        assertNotNull(url, "test resource " + name + " is not on the test class path");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one {@link Main#run} call returned and printed. */
    record Run(int exitCode, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /** Runs the generator's command line in this JVM, capturing what it prints on its error stream. */
    static Run runMain(Path baseDir, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = Main.run(args, baseDir, err);
        err.flush();
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    /** What an external process printed, and how it ended. */
    record Outcome(int exitCode, String out, String err) {
    }

    /**
     * Runs a command in {@code dir} with extra environment variables. Output goes to files, not
     * pipes, so a chatty process cannot block on a full pipe while the test waits for it.
     */
    static Outcome exec(Path dir, Map<String, String> environment, List<String> command) throws IOException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + PROCESS_TIMEOUT_SECONDS + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while waiting for " + command.getFirst(), e);
        }
        return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Runs a command that must succeed; its failure fails the test with what it printed. */
    static String execOk(Path dir, List<String> command) throws IOException {
        Outcome p = exec(dir, Map.of(), command);
        if (p.exitCode() != 0) {
            fail(String.join(" ", command) + " exited with " + p.exitCode() + ":\n" + p.err() + p.out());
        }
        return p.out();
    }

    /**
     * Compiles C with gcc. The sizes, offsets and values the bindings must have come from gcc, so
     * without it the shapes test cannot check anything: it fails and says so, rather than skipping.
     */
    static void gcc(Path dir, String... arguments) throws IOException {
        try {
            exec(dir, Map.of(), List.of("gcc", "--version"));
        } catch (IOException e) {
            fail("gcc not found on PATH: the generator tests compile C probes with it to learn what the"
                    + " bindings must say (install it with 'apt-get install gcc'): " + e.getMessage());
        }
        execOk(dir, Stream.concat(Stream.of("gcc"), Stream.of(arguments)).toList());
    }

    /** Every regular file under {@code dir} with its content: a snapshot to compare before and after. */
    static Map<Path, String> snapshot(Path dir) throws IOException {
        Map<Path, String> files = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file), Files.readString(file));
            }
        }
        return files;
    }

    /** javac, in this JVM: any error fails the test, with the compiler's own messages. */
    static void compile(List<Path> sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler: the tests must run on a JDK, not a JRE");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, files, diagnostics,
                    List.of("-d", classes.toString(), "-proc:none", "-encoding", "UTF-8"), null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            String errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n"));
            assertTrue(ok && errors.isEmpty(), "the generated sources do not compile:\n" + errors);
        }
    }
}
