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

/** What /proc says about one process, and SIGKILL for the harness's own processes only. */
final class Proc {

    private Proc() {
    }

    /** The fields of /proc/PID/stat that matter here; null if the process is gone. */
    record Stat(long ppid, char state, long startTime, int exitCode) {

        boolean zombie() {
            return state == 'Z' || state == 'X';
        }

        static Stat of(long pid) {
            String s = read(pid, "stat");
            if (s == null) {
                return null;
            }
            // pid (comm) state ppid ...: comm may hold blanks and parentheses, so split after the last ')'
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
            int exitCode = f.length > 49 ? Integer.parseInt(f[49]) : -1;  // field 52: exit_code, as waitpid gives it
            return new Stat(Long.parseLong(f[1]), f[0].charAt(0), Long.parseLong(f[19]), exitCode);
        }
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

    /**
     * SIGKILL to {@code pid}, only if it is still a child of {@code parent} (never a process
     * that reused the pid) and not already a zombie. Returns whether it was sent.
     */
    static boolean kill(long pid, long parent) {
        Stat st = Stat.of(pid);
        if (st == null || st.ppid() != parent || st.zombie()) {
            return false;
        }
        return ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
    }
}
