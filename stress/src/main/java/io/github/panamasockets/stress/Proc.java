/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What /proc says about one process that only the stress report needs: a file of it as text
 * (syscall, wchan of a hung child) and its sockets. Its stat, its children and SIGKILL for a
 * child are in the testkit (ProcStat, Children, Sigkill).
 */
final class Proc {

    private Proc() {
    }

    /** The text of /proc/PID/NAME, or null if the process (or the file) is gone. */
    static String read(long pid, String name) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), name));
        } catch (IOException | UncheckedIOException gone) {
            return null;
        }
    }

    /** The inodes of the sockets a process has open (from the links in /proc/PID/fd). */
    static List<Long> socketInodes(long pid) {
        List<Long> inodes = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        } catch (IOException | UncheckedIOException gone) {
            // the process has ended
        }
        return inodes;
    }
}
