/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drift check: the committed bindings are exactly what the generator makes of the real
 * argfile on this machine, so nobody edits them by hand and no generator change goes unnoticed
 * (run bindings/regen after changing the generator, and review the diff).
 */
class CommittedBindingsTest {

    private static final String PACKAGE_DIR = "io/github/panamasockets/generated";

    /** bindings/, from the build (surefire sets it), never from the current directory. */
    private static Path bindingsDir() {
        String dir = System.getProperty("bindings.dir");
        assertNotNull(dir, "system property bindings.dir is not set (surefire sets it to ../bindings)");
        Path path = Path.of(dir).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(path.resolve("sockets.argfile")), "no sockets.argfile in " + path);
        return path;
    }

    /**
     * Generates as bindings/regen does: base directory bindings/, the argfile's options, output into
     * src/main/java, so that each generated path is the path of its committed file.
     */
    private static Map<Path, String> generate(List<String> warnings) {
        Options options = Options.parse(List.of("--output", "src/main/java", "--errno-list", "errno.list", "--inline-list", "inline.list", "@sockets.argfile"), bindingsDir());
        return Main.generate(options, warnings::add);
    }

    @Test
    void committedBindingsAreWhatTheGeneratorProduces() throws IOException {
        List<String> warnings = new ArrayList<>();
        long start = System.nanoTime();
        Map<Path, String> files = generate(warnings);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.err.println("CommittedBindingsTest: generating the committed bindings (" + files.size()
                + " files) from sockets.argfile took " + millis + " ms");
        // every name the argfile asks for exists and has a Java shape: a warning here means drift in the headers
        assertEquals(List.of(), warnings, "warnings for the real argfile");

        Path committed = bindingsDir().resolve("src/main/java").resolve(PACKAGE_DIR);
        List<String> differ = new ArrayList<>();
        for (Map.Entry<Path, String> file : files.entrySet()) {
            assertEquals(committed, file.getKey().getParent(), "generated outside the committed package");
            byte[] expected = file.getValue().getBytes(StandardCharsets.UTF_8);
            if (!Files.isRegularFile(file.getKey())) {
                differ.add(file.getKey().getFileName() + " (not committed)");
            } else if (!Arrays.equals(expected, Files.readAllBytes(file.getKey()))) {
                differ.add(file.getKey().getFileName() + " (differs)");
            }
        }
        assertEquals(List.of(), differ, "committed bindings differ from the generator's output: run bindings/regen");

        Set<String> generatedNames = files.keySet().stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> committedNames;
        try (Stream<Path> list = Files.list(committed)) {
            committedNames = list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(generatedNames, committedNames, "the committed directory has files the generator does not write");
    }

    @Test
    void generationIsDeterministic() {
        long start = System.nanoTime();
        Map<Path, String> first = generate(new ArrayList<>());
        long firstMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        Map<Path, String> second = generate(new ArrayList<>());
        long secondMillis = (System.nanoTime() - start) / 1_000_000;
        System.err.println("CommittedBindingsTest: generating twice took " + firstMillis + " ms and " + secondMillis + " ms");
        assertFalse(first.isEmpty());
        // same files in the same order with the same bytes
        assertEquals(List.copyOf(first.keySet()), List.copyOf(second.keySet()));
        for (Path file : first.keySet()) {
            assertArrayEquals(first.get(file).getBytes(StandardCharsets.UTF_8), second.get(file).getBytes(StandardCharsets.UTF_8),
                    file.toString());
        }
    }
}
