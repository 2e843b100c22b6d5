/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For the tests: a process a test starts, ended when the test is done with it. close() sends
 * SIGKILL by pid to its descendants (all started by it, so by the test), deepest first, then
 * to it, and waits for it a bounded time; the JDK's handles do not signal a pid reused since.
 */
final class Started implements AutoCloseable {

    final Process process;

    private Started(Process process) {
        this.process = process;
    }

    static Started of(String... command) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new Started(p);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> descendants = process.toHandle().descendants().toList();
        for (ProcessHandle h : descendants.reversed()) {
            h.destroyForcibly();
        }
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + process.pid() + " did not end after SIGKILL");
        }
    }
}
