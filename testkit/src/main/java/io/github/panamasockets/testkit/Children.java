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
 * The children of a process, read from /proc/PID/task/TID/children for each of its threads:
 * each file lists the children that thread forked, and a JVM forks from threads that are not
 * its first. A child is listed until its parent reaps it, zombie included, which is what a
 * test of a fork server's reaping needs to see. Only the parent's own files are read, not every
 * process's stat as {@link ProcessHandle#children()} reads them, which matters when a harness
 * looks many times a second.
 */
public final class Children {

    private Children() {
    }

    /** The children of {@code pid} now, alive or zombie; empty if it has none or is gone. */
    public static List<Long> of(long pid) {
        List<Long> now = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String list;
                try {
                    list = Files.readString(task.resolve("children")).trim();
                } catch (IOException threadGone) {
                    continue;
                }
                for (String c : list.split("\\s+")) {
                    if (!c.isEmpty()) {
                        now.add(Long.parseLong(c));
                    }
                }
            }
        } catch (IOException | UncheckedIOException processGone) {
            // the process has ended (or ended while its threads were being listed): what was read is all there is
        }
        return now;
    }
}
