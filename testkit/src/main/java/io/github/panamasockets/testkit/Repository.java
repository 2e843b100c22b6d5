/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the repository is: the echo tests, strace-compare and the stress harness all run from somewhere inside it. */
public final class Repository {

    private Repository() {
    }

    /** The repository root at or above {@code start}: the first directory holding native/Makefile and echo/bin. */
    public static Optional<Path> above(Path start) {
        for (Path d = start.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("native/Makefile")) && Files.isDirectory(d.resolve("echo/bin"))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** As {@link #above}, or an IllegalStateException that says where it looked. */
    public static Path root(Path start) {
        return above(start).orElseThrow(() -> new IllegalStateException(
                "cannot find the repository root (a directory with native/Makefile and echo/bin) above " + start));
    }
}
