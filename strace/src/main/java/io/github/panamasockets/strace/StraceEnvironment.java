/* StraceEnvironment.java: is strace installed, and may it trace here?
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks that {@code strace -f true} works: strace is on the PATH and ptrace is permitted (a
 * container without {@code CAP_SYS_PTRACE}, or a seccomp profile that forbids ptrace, makes it
 * fail with "Operation not permitted").
 */
public final class StraceEnvironment {

    private StraceEnvironment() {
    }

    /** Returns normally when strace can trace; else throws with one line saying why and how to fix it. */
    public static void check() throws EnvironmentException {
        check("strace");
    }

    /** The same check with another strace executable (tests use it to see both failures). */
    static void check(String strace) throws EnvironmentException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(strace, "-f", "-o", "/dev/null", "true")).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new EnvironmentException("strace not found: install it with 'apt-get install strace'");
        }
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EnvironmentException("'strace -f true' did not finish within 20 s: strace cannot trace here");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                String first = out.isEmpty() ? "exit status " + p.exitValue() : out.lines().findFirst().orElse("");
                throw new EnvironmentException("strace cannot trace here (" + first + "): ptrace is not permitted; "
                        + "run where it is (docker: --cap-add SYS_PTRACE), with strace installed ('apt-get install strace')");
            }
        } catch (IOException e) {
            throw new EnvironmentException("strace: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while checking strace");
        }
    }
}
