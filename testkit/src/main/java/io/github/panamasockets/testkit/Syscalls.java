/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which system call a thread is blocked in (/proc/PID/task/TID/syscall), and the numbers of the
 * calls the tests and tools wait on, for x86-64 and aarch64 (the generic table). SyscallsTest
 * checks the table of the machine it runs on against gcc's sys/syscall.h.
 */
public final class Syscalls {

    /** x86-64's numbers (arch/x86/entry/syscalls/syscall_64.tbl). */
    static final Map<String, Integer> X86_64 = Map.ofEntries(
            Map.entry("select", 23), Map.entry("pause", 34), Map.entry("nanosleep", 35),
            Map.entry("accept", 43), Map.entry("sendto", 44), Map.entry("recvfrom", 45),
            Map.entry("recvmsg", 47), Map.entry("clock_nanosleep", 230), Map.entry("pselect6", 270),
            Map.entry("ppoll", 271), Map.entry("accept4", 288),
            Map.entry("epoll_wait", 232), Map.entry("epoll_pwait", 281));

    /** aarch64's numbers (include/uapi/asm-generic/unistd.h): no select, no pause, no epoll_wait. */
    static final Map<String, Integer> AARCH64 = Map.ofEntries(
            Map.entry("pselect6", 72), Map.entry("ppoll", 73), Map.entry("nanosleep", 101),
            Map.entry("clock_nanosleep", 115), Map.entry("accept", 202), Map.entry("sendto", 206),
            Map.entry("recvfrom", 207), Map.entry("recvmsg", 212), Map.entry("accept4", 242),
            Map.entry("epoll_pwait", 22));

    /** The table of this machine. */
    static final Map<String, Integer> TABLE = System.getProperty("os.arch", "").matches("amd64|x86_64") ? X86_64 : AARCH64;

    private Syscalls() {
    }

    /** The number of the first of {@code names} this machine has (aarch64 has no pause: glibc's pause() is ppoll there). */
    public static int number(String... names) {
        for (String name : names) {
            Integer nr = TABLE.get(name);
            if (nr != null) {
                return nr;
            }
        }
        throw new IllegalArgumentException("no number here for any of " + List.of(names));
    }

    /** The numbers of all of {@code names} this machine has (accept and accept4: either may be the one a program calls). */
    public static Set<Integer> numbers(String... names) {
        Set<Integer> nrs = new LinkedHashSet<>();
        for (String name : names) {
            if (TABLE.containsKey(name)) {
                nrs.add(TABLE.get(name));
            }
        }
        return Set.copyOf(nrs);
    }

    /** The system call thread {@code tid} of {@code pid} is blocked in, or -1 (running, or gone). */
    public static int blockedIn(long pid, long tid) {
        String first = first(task(pid, tid).resolve("syscall"));
        return first != null && first.matches("\\d+") ? Integer.parseInt(first) : -1;
    }

    /**
     * The first field of /proc/PID/syscall, for a report: the number of the call a (single-threaded)
     * process is blocked in, "running", or "gone".
     */
    public static String describe(long pid) {
        String first = first(Path.of("/proc", Long.toString(pid), "syscall"));
        return first == null ? "gone" : first;
    }

    /** The thread ids of a process (none once it has ended). */
    public static List<Long> threads(long pid) {
        List<Long> tids = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                tids.add(Long.parseLong(task.getFileName().toString()));
            }
        } catch (IOException | UncheckedIOException gone) {
            // the process has ended
        }
        return tids;
    }

    /** A thread's name as /proc/PID/task/TID/comm shows it (at most 15 characters), or null once it has ended. */
    public static String threadName(long pid, long tid) {
        try {
            return Files.readString(task(pid, tid).resolve("comm")).strip();
        } catch (IOException | UncheckedIOException gone) {
            return null;
        }
    }

    /** The system calls the threads of a process are blocked in (a JVM's program runs on a thread that is not its first). */
    public static List<Integer> blockedIn(long pid) {
        List<Integer> calls = new ArrayList<>();
        for (long tid : threads(pid)) {
            calls.add(blockedIn(pid, tid));
        }
        return calls;
    }

    static Path task(long pid, long tid) {
        return Path.of("/proc", Long.toString(pid), "task", Long.toString(tid));
    }

    private static String first(Path file) {
        try {
            String s = Files.readString(file).strip();
            int sp = s.indexOf(' ');
            return sp < 0 ? s : s.substring(0, sp);
        } catch (IOException | UncheckedIOException gone) {
            return null;
        }
    }
}
