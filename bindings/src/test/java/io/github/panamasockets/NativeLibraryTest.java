/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the bindings' native library is opened from: the file -Dio.github.panamasockets.native.library
 * names (the launchers pass the build's own), else a copy out of the jar that is removed once mapped.
 */
class NativeLibraryTest {

    private static final Path BUILT = NativeProbe.MODULE.resolve("target/classes/io/github/panamasockets/native/libpanamasignals.so");

    private static List<String> mappedFrom(List<String> jvmOptions) throws Exception {
        NativeProbe.Result r = NativeProbe.java(LibraryProbe.class, jvmOptions);
        assertEquals(0, r.status(), "the probe: " + r.stderr());
        List<String> files = r.stdout().lines().distinct().toList();
        assertFalse(files.isEmpty(), "no mapping of the library: " + r.stdout());
        return files;
    }

    @Test
    void theNamedFileIsOpenedInPlace() throws Exception {
        assertTrue(Files.isRegularFile(BUILT), "the build's library: " + BUILT);
        assertEquals(List.of(BUILT.toString()),
                mappedFrom(List.of("-D" + SignalDispatch.LIBRARY_PROPERTY + "=" + BUILT)));
    }

    @Test
    void withoutOneTheJarsCopyIsOpenedAndRemoved() throws Exception {
        for (List<String> options : List.of(List.<String>of(),
                List.of("-D" + SignalDispatch.LIBRARY_PROPERTY + "=" + BUILT.resolveSibling("missing.so")))) {
            List<String> files = mappedFrom(options);
            assertEquals(1, files.size(), options + ": " + files);
            String file = files.getFirst();
            assertTrue(file.startsWith(System.getProperty("java.io.tmpdir")) && file.endsWith(" (deleted)"),
                    options + ": a removed copy in the temporary directory, but " + file);
        }
    }
}
