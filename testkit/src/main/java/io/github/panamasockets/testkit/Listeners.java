/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes that hold the socket listening on a TCP port: for a server whose parent has
 * exited and left its children (pre-forked ones, reparented away from it), the one way to find
 * them by what they are. The socket's inode comes from /proc/net/tcp, its holders from the
 * symlinks of /proc/PID/fd (only processes of this user can be read, which is all a test starts).
 */
public final class Listeners {

    private Listeners() {
    }

    /** The pids holding the IPv4 socket that listens on {@code port}, in ascending order; empty if none. */
    public static List<Long> of(int port) {
        String inode = inode(port);
        List<Long> holders = new ArrayList<>();
        if (inode == null) {
            return holders;
        }
        String link = "socket:[" + inode + "]";
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                if (holds(proc, link)) {
                    holders.add(Long.parseLong(proc.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        holders.sort(null);
        return holders;
    }

    private static boolean holds(Path proc, String link) {
        try (var fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(link)) {
                        return true;
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor is gone: it is not this one
                }
            }
        } catch (IOException | UncheckedIOException notOurs) {
            // another user's process, or one that has ended
        }
        return false;
    }

    /** The inode of the socket listening on {@code port} (IPv4), or null. Columns: sl, local, remote, st, queues, tr, retrnsmt, uid, timeout, inode. */
    static String inode(int port) {
        try {
            for (String line : Files.readAllLines(ProcNetTcp.TCP)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals(ProcNetTcp.LISTEN) && f[1].endsWith(String.format(":%04X", port))) {
                    return f[9];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }
}
