/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The repository the harness runs in, and the C programs it needs built. */
final class Root {

    private Root() {
    }

    /** The repository root: from -Dpanamasockets.root (bin/stress), else above the working directory. */
    static Path find() {
        String given = System.getProperty("panamasockets.root");
        Path dir = Path.of(given != null ? given : System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("native/Makefile")) && Files.isDirectory(d.resolve("echo/bin"))) {
                return d;
            }
        }
        throw new IllegalStateException("cannot find the repository root (native/Makefile) above " + dir);
    }

    /** make -C native: the C fork server must be there and up to date. */
    static void buildNative(Path root) throws IOException, InterruptedException {
        Process make = new ProcessBuilder("make", "-s", "-C", root.resolve("native").toString())
                .redirectErrorStream(true).start();
        make.getOutputStream().close();
        byte[] output = make.getInputStream().readAllBytes();
        if (!make.waitFor(120, TimeUnit.SECONDS) || make.exitValue() != 0) {
            throw new IllegalStateException("make -C native failed:\n" + new String(output));
        }
    }
}
