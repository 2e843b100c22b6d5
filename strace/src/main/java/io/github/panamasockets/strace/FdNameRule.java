/* FdNameRule.java: rule "fd-names", names descriptors by origin and drops calls on descriptors that are not the program's.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <b>fd-names</b>: descriptor numbers differ between C and Java (the JVM holds its jimage, jars
 * and an attach socket open, so the first socket is not fd 3). Each descriptor is named by its
 * origin, per process: the n-th socket the program thread gets from {@code socket()} is
 * {@code Sn}, the n-th from {@code accept()} is {@code An}, the n-th duplicate made of one of
 * those is {@code Dn}; 0, 1 and 2 keep their numbers. A forked child starts with its parent's
 * names. Names are put into the calls' first argument and into the results that create them.
 * A call on a descriptor with no name is the runtime's (class files read, jars, the JVM's attach
 * socket) and is dropped, except a program-thread call that fails with EBADF (a call on a
 * descriptor that is not open is the program's mistake, never the runtime's): it stays, with
 * the descriptor shown as {@code ~Sn} when it was Sn before being closed. The sets of
 * {@code select}/{@code pselect6} are named the same way ({@link FdSets}); an epoll instance
 * from {@code epoll_create1()} is {@code En}, and the descriptors {@code epoll_ctl} and
 * {@code epoll_wait} carry (argument and event data) are shown by name.
 */
final class FdNameRule extends Rule {

    /** Calls whose first argument is a descriptor. */
    static final Set<String> FD_CALLS = Set.of(
            "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "preadv2", "pwritev2",
            "close", "dup", "dup2", "dup3", "fcntl", "ioctl", "fstat", "newfstatat", "lseek",
            "connect", "bind", "listen", "accept", "accept4", "send", "recv", "sendto", "recvfrom", "sendmsg",
            "recvmsg", "sendmmsg", "recvmmsg", "shutdown", "getsockopt", "setsockopt", "getsockname", "getpeername",
            "epoll_ctl", "epoll_wait", "epoll_pwait");

    /** An epoll_event's data as strace shows it: the union's u32 and u64. */
    private static final Pattern EPOLL_DATA = Pattern.compile("data=\\{u32=(\\d+), u64=(\\d+)\\}");

    FdNameRule() {
        super("fd-names",
                "name fds by origin (S1 first socket, A1 first accepted, D1 first dup; 0/1/2 kept) and drop calls on other fds",
                FollowForksRule.class, ProgramThreadRule.class);
    }

    /** The names of one process's descriptors. */
    static final class Table {
        final Map<Integer, String> names = new HashMap<>();
        final Map<Integer, String> closed = new HashMap<>();
        int sockets;
        int accepted;
        int dups;
        int epolls;

        static Table standard() {
            Table t = new Table();
            t.names.put(0, "0");
            t.names.put(1, "1");
            t.names.put(2, "2");
            return t;
        }

        Table copy() {
            Table t = new Table();
            t.names.putAll(names);
            t.closed.putAll(closed);
            t.sockets = sockets;
            t.accepted = accepted;
            t.dups = dups;
            t.epolls = epolls;
            return t;
        }

        void release(int fd) {
            String n = names.remove(fd);
            if (n != null) {
                closed.put(fd, n);
            }
        }

        String name(int fd, String name) {
            release(fd);
            closed.remove(fd);
            names.put(fd, name);
            return name;
        }
    }

    @Override
    public void apply(Trace trace) {
        Map<Integer, Table> atFork = new HashMap<>();
        List<Event> kept = new ArrayList<>();
        for (Trace.Proc p : trace.followed) {
            Table t = atFork.containsKey(p.pid) ? atFork.get(p.pid) : Table.standard();
            for (Event e : trace.events) {
                if (e.pid != p.pid) {
                    continue;
                }
                if (e.type != Event.Type.CALL) {
                    kept.add(e);
                } else if (e.childPid != 0) {
                    atFork.put(e.childPid, t.copy());
                    keepIfProgram(e, kept);
                } else if (rename(e, t)) {
                    kept.add(e);
                }
            }
        }
        trace.events = kept;
        trace.sortEvents();
    }

    private static void keepIfProgram(Event e, List<Event> kept) {
        if (!e.otherThread) {
            kept.add(e);
        }
    }

    /** Renames the call's descriptors; false when the call is to be dropped. */
    private static boolean rename(Event e, Table t) {
        if (e.isCall("socket")) {
            if (e.otherThread) {
                return false;
            }
            Integer fd = ArgText.intValue(e.returnValue());
            if (fd != null && fd >= 0) {
                e.result = t.name(fd, "S" + (++t.sockets));
            }
            return true;
        }
        if (e.isCall("socketpair")) {
            if (e.otherThread) {
                return false;
            }
            List<String> args = ArgText.split(e.args);
            String last = args.isEmpty() ? "" : args.get(args.size() - 1);
            if (e.returned && "0".equals(e.returnValue()) && last.startsWith("[") && last.endsWith("]")) {
                List<String> fds = ArgText.split(last.substring(1, last.length() - 1));
                List<String> named = new ArrayList<>();
                for (String f : fds) {
                    Integer fd = ArgText.intValue(f);
                    named.add(fd == null ? f : t.name(fd, "S" + (++t.sockets)));
                }
                args.set(args.size() - 1, "[" + String.join(", ", named) + "]");
                e.args = ArgText.join(args);
            }
            return true;
        }
        if (e.isCall("epoll_create", "epoll_create1")) {
            if (e.otherThread) {
                return false;
            }
            Integer fd = ArgText.intValue(e.returnValue());
            if (fd != null && fd >= 0) {
                e.result = t.name(fd, "E" + (++t.epolls));
            }
            return true;
        }
        if (e.isCall("close_range")) {
            return closeRange(e, t);
        }
        if (FdSets.isSelect(e) && !e.otherThread) {
            FdSets.rename(e, t.names); // its sets hold descriptors
            return true;
        }
        if (!FD_CALLS.contains(e.name)) {
            return !e.otherThread; // fork, wait4, execve, kill, exit...: the program thread's only
        }
        List<String> args = ArgText.split(e.args);
        Integer fd = args.isEmpty() ? null : ArgText.intValue(args.get(0));
        String name = fd == null ? null : t.names.get(fd);
        if (name == null) {
            if (e.isCall("dup2", "dup3") && args.size() >= 2 && !e.otherThread) {
                Integer target = ArgText.intValue(args.get(1));
                if (target != null && t.names.containsKey(target)) { // something is put over a program fd
                    args.set(0, "?fd");
                    if (e.returned && !e.returnValue().startsWith("-")) {
                        t.release(target);
                    }
                    args.set(1, t.closed.getOrDefault(target, String.valueOf(target)));
                    e.args = ArgText.join(args);
                    return true;
                }
            }
            if (!e.otherThread && "EBADF".equals(e.errno()) && fd != null) {
                args.set(0, fd < 0 ? String.valueOf(fd) : t.closed.containsKey(fd) ? "~" + t.closed.get(fd) : "?fd");
                e.args = ArgText.join(args);
                return true;
            }
            return false;
        }
        args.set(0, name);
        Integer ret = ArgText.intValue(e.returnValue());
        boolean ok = e.returned && ret != null && ret >= 0;
        switch (e.name) {
            case "close" -> {
                if (ok || "EINTR".equals(e.errno())) {
                    t.release(fd);
                }
            }
            case "accept", "accept4" -> {
                if (ok) {
                    e.result = t.name(ret, "A" + (++t.accepted));
                }
            }
            case "dup" -> {
                if (ok) {
                    e.result = t.name(ret, "D" + (++t.dups));
                }
            }
            case "fcntl" -> {
                if (ok && args.size() >= 2 && args.get(1).startsWith("F_DUPFD")) {
                    e.result = t.name(ret, "D" + (++t.dups));
                }
            }
            case "dup2", "dup3" -> {
                if (ok && args.size() >= 2) {
                    String d = t.name(ret, "D" + (++t.dups));
                    args.set(1, d);
                    e.result = d;
                }
            }
            case "epoll_ctl", "epoll_wait", "epoll_pwait" -> {
                // epoll_ctl's third argument is a descriptor; an event's data that holds a named
                // descriptor (u32 = u64 = fd, as a program that sets data.fd on a zeroed event has it) is shown by name
                if (e.isCall("epoll_ctl") && args.size() >= 3) {
                    Integer target = ArgText.intValue(args.get(2));
                    if (target != null && t.names.containsKey(target)) {
                        args.set(2, t.names.get(target));
                    }
                }
                for (int i = 1; i < args.size(); i++) {
                    args.set(i, epollData(args.get(i), t));
                }
            }
            default -> {
            }
        }
        e.args = ArgText.join(args);
        return true;
    }

    /** {@code data={u32=N, u64=N}} with N a named descriptor becomes {@code data={fd=NAME}}; other data stays. */
    static String epollData(String arg, Table t) {
        Matcher m = EPOLL_DATA.matcher(arg);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).equals(m.group(2)) ? t.names.get(Integer.parseInt(m.group(1))) : null;
            m.appendReplacement(sb, Matcher.quoteReplacement(name == null ? m.group() : "data={fd=" + name + "}"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static boolean closeRange(Event e, Table t) {
        List<String> args = ArgText.split(e.args);
        if (args.size() < 2 || e.otherThread) {
            return false;
        }
        Integer first = ArgText.intValue(args.get(0));
        long last;
        try {
            last = args.get(1).equals("~0U") ? Integer.MAX_VALUE : Long.parseLong(args.get(1));
        } catch (NumberFormatException ex) {
            last = Integer.MAX_VALUE;
        }
        if (first == null) {
            return false;
        }
        List<Integer> hit = new ArrayList<>();
        for (int fd : t.names.keySet()) {
            if (fd >= first && fd <= last) {
                hit.add(fd);
            }
        }
        if (hit.isEmpty()) {
            return false;
        }
        List<String> names = new ArrayList<>();
        for (int fd : hit) {
            names.add(t.names.get(fd));
            if (e.returned && "0".equals(e.returnValue())) {
                t.release(fd);
            }
        }
        e.args = e.args + " /* closes " + String.join(", ", names) + " */";
        return true;
    }
}
