/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import io.github.panamasockets.testkit.Repository;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The repository the harness runs in, and the C programs it needs built. */
final class Root {

    private Root() {
    }

    /** The repository root: from -Dpanamasockets.root (bin/stress), else above the working directory. */
    static Path find() {
        String given = System.getProperty("panamasockets.root");
        return Repository.root(Path.of(given != null ? given : System.getProperty("basedir", ".")));
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
