/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.github.panamasockets.jextract.TestSupport.resource;
import static io.github.panamasockets.jextract.TestSupport.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the generator fails: with its exit status (1 for a failure, 2 for bad usage), a message
 * of one line or clang's own diagnostics, never a stack trace, and never a half-written tree.
 */
class GeneratorFailureTest {

    /** An output tree that already holds bindings: a failed run must leave it exactly as it was. */
    private static Path outputWithOldBindings(Path dir) throws IOException {
        Path out = dir.resolve("out");
        Path pkg = Files.createDirectories(out.resolve("broken/gen"));
        Files.writeString(pkg.resolve("broken_h.java"), "// bindings from an earlier, good run\n");
        Files.writeString(out.resolve("keep.txt"), "not the generator's\n");
        return out;
    }

    @Test
    void headerThatDoesNotParseFailsWithClangsDiagnosticsAndWritesNothing(@TempDir Path dir) throws IOException {
        Path out = outputWithOldBindings(dir);
        Map<Path, String> before = snapshot(out);
        Path header = resource("broken.h");
        TestSupport.Run run = TestSupport.runMain(header.getParent(), "--output", out.toString(),
                "--target-package", "broken.gen", "--include-struct", "fine", "--include-function", "after", "broken.h");
        assertEquals(1, run.exitCode(), run.err());
        // clang's own rendering: file:line:column: error: ...
        assertTrue(Pattern.compile("broken\\.h:\\d+:\\d+: error: ").matcher(run.err()).find(),
                "no clang diagnostic in:\n" + run.err());
        assertTrue(run.err().contains("nothing was written"), run.err());
        assertNoStackTrace(run.err());
        assertEquals(before, snapshot(out), "a failed run changed the output tree");
    }

    @Test
    void missingHeaderFailsInOneLine(@TempDir Path dir) throws IOException {
        Path out = outputWithOldBindings(dir);
        Map<Path, String> before = snapshot(out);
        TestSupport.Run run = TestSupport.runMain(dir, "--output", out.toString(), "no_such_header.h");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), "expected one line:\n" + run.err());
        assertTrue(run.err().contains(dir.resolve("no_such_header.h").toString()), run.err());
        assertEquals(before, snapshot(out));
    }

    @Test
    void unknownOptionIsAUsageError(@TempDir Path dir) throws IOException {
        Path out = outputWithOldBindings(dir);
        Map<Path, String> before = snapshot(out);
        TestSupport.Run run = TestSupport.runMain(resource("shapes.h").getParent(), "--output", out.toString(),
                "--no-such-option", "shapes.h");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.errLines().getFirst().contains("--no-such-option"), run.err());
        assertTrue(run.err().contains("usage:"), run.err());
        assertNoStackTrace(run.err());
        assertEquals(before, snapshot(out));
    }

    @Test
    void optionWithoutItsValueIsAUsageError(@TempDir Path dir) {
        TestSupport.Run run = TestSupport.runMain(dir, "shapes.h", "--target-package");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--target-package"), run.err());
    }

    /** Generates shapes.h with an errno list of these lines, into an output tree that must stay as it was. */
    private static TestSupport.Run withErrnoList(Path dir, String... lines) throws IOException {
        Path out = outputWithOldBindings(dir);
        Map<Path, String> before = snapshot(out);
        Path list = Files.write(dir.resolve("test.errno"), List.of(lines));
        TestSupport.Run run = TestSupport.runMain(resource("shapes.h").getParent(), "--output", out.toString(),
                "--errno-list", list.toString(), "@shapes.argfile");
        assertEquals(before, snapshot(out), "a failed run changed the output tree");
        assertNoStackTrace(run.err());
        return run;
    }

    /** The run's own message: the argfile's expected warnings (skipped and missing items) aside. */
    private static List<String> errors(TestSupport.Run run) {
        return run.errLines().stream().filter(line -> !line.startsWith("WARNING: ")).toList();
    }

    @Test
    void errnoListNamingAFunctionTheArgfileDoesNotIncludeFailsInOneLine(@TempDir Path dir) throws IOException {
        TestSupport.Run run = withErrnoList(dir, "checked_div negative", "strtol always");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, errors(run).size(), "expected one line:\n" + run.err());
        assertTrue(errors(run).getFirst().contains("strtol") && errors(run).getFirst().contains("is not generated"), run.err());
    }

    @Test
    void errnoListWithABadConditionWordFailsInOneLineNamingTheLine(@TempDir Path dir) throws IOException {
        TestSupport.Run run = withErrnoList(dir, "# the first line is a comment", "checked_div negative", "lookup zero");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, errors(run).size(), "expected one line:\n" + run.err());
        String line = errors(run).getFirst();
        // file:line, what is allowed, and the line itself
        assertTrue(line.contains("test.errno:3:"), line);
        assertTrue(line.contains("negative|null|sig_err|nonzero|always"), line);
        assertTrue(line.endsWith("lookup zero"), line);
    }

    @Test
    void errnoListNamingAFunctionTwiceOrWithoutAConditionFails(@TempDir Path dir) throws IOException {
        List<String[]> lists = List.of(new String[] {"checked_div negative", "checked_div null"},
                new String[] {"checked_div"}, new String[] {"checked_div negative always"});
        for (int i = 0; i < lists.size(); i++) {
            String[] lines = lists.get(i);
            TestSupport.Run run = withErrnoList(dir.resolve("list" + i), lines);
            assertEquals(1, run.exitCode(), run.err());
            assertEquals(1, errors(run).size(), "expected one line:\n" + run.err());
            assertTrue(errors(run).getFirst().contains("test.errno:" + lines.length + ":"), run.err());
        }
    }

    /** Generates shapes.h with an errno list and an inline list of these lines; the output tree must stay as it was. */
    private static TestSupport.Run withInlineList(Path dir, List<String> errno, String... inline) throws IOException {
        Path out = outputWithOldBindings(dir);
        Map<Path, String> before = snapshot(out);
        Path errnoList = Files.write(dir.resolve("test.errno"), errno);
        Path inlineList = Files.write(dir.resolve("test.inline"), List.of(inline));
        TestSupport.Run run = TestSupport.runMain(resource("shapes.h").getParent(), "--output", out.toString(),
                "--errno-list", errnoList.toString(), "--inline-list", inlineList.toString(), "@shapes.argfile");
        assertEquals(before, snapshot(out), "a failed run changed the output tree");
        assertNoStackTrace(run.err());
        return run;
    }

    @Test
    void inlineListEntriesThatCannotBeInlineFailInOneLine(@TempDir Path dir) throws IOException {
        // each: the inline list's lines, and what the one error line must say
        List<String[]> cases = List.of(
                new String[] {"add bswap", "add is bswap, which needs uint16_t add(uint16_t)"},
                new String[] {"add fill", "add is fill, which needs void *add(void *, int, size_t)"},
                new String[] {"checked_div bswap", "checked_div, which the errno list names too"},
                new String[] {"strtol bswap", "strtol, which is not generated"},
                new String[] {"add swap", "test.inline:1: expected '<function> bswap|fill'"});
        for (int i = 0; i < cases.size(); i++) {
            String[] c = cases.get(i);
            TestSupport.Run run = withInlineList(dir.resolve("case" + i), List.of("checked_div negative"), c[0]);
            assertEquals(1, run.exitCode(), run.err());
            assertEquals(1, errors(run).size(), "expected one line:\n" + run.err());
            assertTrue(errors(run).getFirst().contains(c[1]), c[0] + ": " + run.err());
        }
    }

    @Test
    void inlineListWithoutErrnoListFailsInOneLine(@TempDir Path dir) throws IOException {
        Path list = Files.write(dir.resolve("test.inline"), List.of("add bswap"));
        TestSupport.Run run = TestSupport.runMain(resource("shapes.h").getParent(), "--output", dir.resolve("out").toString(),
                "--inline-list", list.toString(), "@shapes.argfile");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--inline-list needs --errno-list"), run.err());
        assertNoStackTrace(run.err());
    }

    @Test
    void missingErrnoListFailsInOneLine(@TempDir Path dir) throws IOException {
        Path out = outputWithOldBindings(dir);
        Map<Path, String> before = snapshot(out);
        TestSupport.Run run = TestSupport.runMain(resource("shapes.h").getParent(), "--output", out.toString(),
                "--errno-list", dir.resolve("no_such.errno").toString(), "@shapes.argfile");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, errors(run).size(), "expected one line:\n" + run.err());
        assertTrue(errors(run).getFirst().contains(dir.resolve("no_such.errno").toString()), run.err());
        assertNoStackTrace(run.err());
        assertEquals(before, snapshot(out));
    }

    // libclang is loaded once per JVM, by a static initializer: a broken LIBCLANG_PATH can only be
    // tried in a JVM of its own, which also shows what a user sees on the command line.

    @Test
    void libclangPathToNothingFailsInOneLine(@TempDir Path dir) throws IOException {
        TestSupport.Outcome run = generatorProcess(dir, "/nonexistent", List.of());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), "expected one line:\n" + run.err());
        assertTrue(run.err().contains("libclang") && run.err().contains("/nonexistent"), run.err());
        assertNoStackTrace(run.err());
        assertFalse(Files.exists(dir.resolve("out")), "something was written");
    }

    @Test
    void libclangPathToANonLibraryFailsInOneLine(@TempDir Path dir) throws IOException {
        Path notALibrary = Files.writeString(dir.resolve("libclang.so.1"), "not an ELF file\n");
        // -XX:-PrintWarnings: HotSpot itself warns about the stack guard of any file dlopen rejects;
        // that line is the JVM's, not the generator's
        TestSupport.Outcome run = generatorProcess(dir, notALibrary.toString(), List.of("-XX:-PrintWarnings"));
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), "expected one line:\n" + run.err());
        assertTrue(run.err().contains("libclang") && run.err().contains(notALibrary.toString()), run.err());
        assertNoStackTrace(run.err());
    }

    @Test
    void libclangPathToAnotherLibraryFailsInOneLine(@TempDir Path dir) throws IOException {
        // a real shared library without clang's symbols: the JDK's own libjimage will do
        Path other = Path.of(System.getProperty("java.home"), "lib", "libjimage.so");
        assertTrue(Files.exists(other), other + " is missing");
        TestSupport.Outcome run = generatorProcess(dir, other.toString(), List.of());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), "expected one line:\n" + run.err());
        assertTrue(run.err().contains("libclang"), run.err());
        assertNoStackTrace(run.err());
    }

    /** The generator's main class, as a user runs it, with LIBCLANG_PATH set. */
    private static TestSupport.Outcome generatorProcess(Path dir, String libclangPath, List<String> jvmOptions)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--output", dir.resolve("out").toString(), "--include-function", "add", resource("shapes.h").toString()));
        return TestSupport.exec(dir, Map.of("LIBCLANG_PATH", libclangPath), command);
    }

    private static void assertNoStackTrace(String err) {
        assertFalse(err.lines().anyMatch(line -> line.strip().startsWith("at ")), "stack trace:\n" + err);
        assertFalse(err.contains("Exception"), "exception:\n" + err);
    }
}
