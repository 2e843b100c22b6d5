/* ProgramThreadRule.java: rule "program-thread", finds where and on which thread the program's own story begins.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * <b>program-thread</b>: a JVM runs about twenty threads, and {@code main} runs on one that is
 * not the first; before {@code main} reaches the program's first socket it has loaded classes,
 * read jars, asked nscd over AF_UNIX and, when {@code java.nio} or {@code java.net} is loaded,
 * made libnet's probe sockets ({@code socket(AF_INET, SOCK_STREAM, IPPROTO_IP)} then
 * {@code close}, and the same for AF_INET6). None of that is the program's. So:
 * <ol>
 * <li>The <i>anchor</i> is the first {@code socket(AF_INET, ...)} or {@code socket(AF_INET6, ...)}
 *     call whose descriptor is then
 *     used for something other than {@code setsockopt}/{@code getsockopt}/{@code fcntl}/{@code ioctl}
 *     before it is closed (or that fails, or is never closed). A socket opened and closed unused
 *     before it is a runtime probe: it is set aside, and listed in the trace's header
 *     ({@code #} lines), never silently.</li>
 * <li>The thread of the anchor is the <i>program thread</i>; its process is P1. Everything before
 *     the anchor is dropped, and so are all calls of P1's other threads, except: signals
 *     delivered to any thread of P1 after the anchor (they are the process's), writes to fds 1
 *     and 2 by any thread at any time (they are the program's output: nothing that reaches
 *     stdout or stderr is ever dropped), and calls on the program's own descriptors (rule
 *     fd-names keeps those, whoever makes them).</li>
 * <li>Before the anchor, the program thread's own socket calls are kept too: a socket-API call
 *     (connect, bind, listen, accept, send*, recv*, shutdown, get/setsockopt, getsockname,
 *     getpeername) on a descriptor that no earlier socket() made (the runtime's sockets:
 *     nscd, probes), and any call on a negative descriptor (it fails with EBADF; a runtime
 *     never makes one). They are the program's (a warm-up of its downcalls, say) and are
 *     compared: no rule hides a socket call of the program.</li>
 * <li>A process forked by a followed process's program thread after the anchor is followed too;
 *     its program thread is the one fork() returned in (its first). Processes made before the
 *     anchor (the launcher script's subshells, {@code java -version}) are not followed.</li>
 * <li>Thread creation ({@code clone3} with {@code CLONE_THREAD}) is the runtime's business and
 *     is dropped, except the threads the program thread itself creates after the anchor, which
 *     rule {@link ProgramThreadsRule program-threads} made followed sections of their own
 *     (named {@code P1.T1}, ...).</li>
 * <li>A scenario whose program catches a signal before any socket (SigAction) names that signal
 *     ({@link NormaliseOptions#handlerSignal}): the anchor is then the first {@code rt_sigaction}
 *     that installs a handler for it in the first process after its last {@code execve}, on
 *     whichever thread.</li>
 * <li>A trace without any {@code socket(AF_INET, ...)} or {@code socket(AF_INET6, ...)} (a usage
 *     error) has no anchor: its first process is P1 and only its output (writes to fds 1 and 2)
 *     and its exit status are compared.</li>
 * </ol>
 *
 * <p><b>getaddrinfo.</b> A program of the 2nd edition calls getaddrinfo before its first socket,
 * and libc resolves on the program's thread, the same way in both builds: it reads
 * {@code /etc/nsswitch.conf}, {@code /etc/hosts}, {@code gai.conf} (reads on descriptors that no
 * traced call made: rule fd-names drops them), tries nscd ({@code socket(AF_UNIX, ...)} and a
 * {@code connect} to {@code /var/run/nscd/socket}), asks the kernel for the interfaces' addresses
 * for {@code AI_ADDRCONFIG} ({@code socket(AF_NETLINK, ...)}, bind, getsockname, sendto, recvmsg)
 * and, with more than one result, sorts them with a UDP {@code socket(AF_INET6 or AF_INET, ...)}
 * that it connects, asks getsockname and closes. The anchor is never an AF_UNIX or AF_NETLINK
 * socket: a JVM's main thread connects to nscd at start-up (the user's name) before {@code main},
 * a C program does not, so only the families the program itself talks over (AF_INET, AF_INET6)
 * start its story. Resolver traffic before the anchor is set aside in both builds (listed in the
 * notes); after it (a second getaddrinfo, or the sorting socket when it is the first INET one) it
 * is compared like any call, its run-specific numbers masked by rule netlink. A program whose
 * first socket is AF_INET6 (a lookup that gives ::1 first) is anchored there, not at a later
 * AF_INET socket: its IPv6 attempt is compared. (Captured: snippets/getaddrinfo-{c,java}.raw.)
 */
final class ProgramThreadRule extends Rule {

    /** The socket API: a call of these on the program thread before the anchor is the program's, unless on a runtime socket. */
    static final Set<String> SOCKET_API = Set.of("connect", "bind", "listen", "accept", "accept4", "send", "recv",
            "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "shutdown", "getsockopt", "setsockopt",
            "getsockname", "getpeername");

    /** Calls that use a socket without making it the program's (a probe may make them). */
    private static final Set<String> PROBE_USES = Set.of("setsockopt", "getsockopt", "fcntl", "ioctl");

    ProgramThreadRule() {
        super("program-thread",
                "start at the first used socket(AF_INET or AF_INET6, ...) and follow only its thread (plus signals, "
                + "output and the program's fds in its process) and the processes that thread forks",
                FollowForksRule.class, ProgramThreadsRule.class);
    }

    @Override
    public void apply(Trace trace) {
        if (trace.events.isEmpty() || trace.processes.isEmpty()) {
            return;
        }
        Event anchor = findAnchor(trace);
        Trace.Proc first;
        if (anchor == null) {
            first = trace.processes.values().iterator().next();
            first.programTid = first.pid;
            first.label = "P1";
            trace.followed.add(first);
            trace.notes.add("no socket(AF_INET or AF_INET6, ...) call: only the output (writes to fds 1 and 2) and the exit "
                    + "status of the first process are compared");
            List<Event> kept = new ArrayList<>();
            for (Event e : trace.events) {
                if (e.pid == first.pid && (e.type == Event.Type.EXIT || isOutputWrite(e))) {
                    e.otherThread = e.tid != first.programTid;
                    kept.add(e);
                }
            }
            trace.events = kept;
            return;
        }
        first = trace.processes.get(anchor.pid);
        if (first == null) {
            first = new Trace.Proc(anchor.pid, 0, 0, null);
            trace.processes.put(anchor.pid, first);
        }
        first.programTid = anchor.tid;
        first.label = "P1";
        trace.followed.add(first);
        trace.notes.add("program thread of P1: the thread of the first "
                + (trace.options.handlerSignal() != null ? "handler installed for " + trace.options.handlerSignal()
                        : "used socket(AF_INET or AF_INET6, ...)")
                + (anchor.tid == first.pid ? " (the process's first thread)" : " (not the process's first thread)"));
        noteSetAside(trace, anchor, first);
        for (Trace.Proc p : trace.processes.values()) {
            if (p.fork == null || p == first) {
                continue;
            }
            Trace.Proc parent = trace.followedProc(p.parent);
            if (parent != null && p.fork.tid == parent.programTid && p.fork.order() > anchor.order()) {
                p.programTid = p.pid;
                p.label = p.thread ? threadLabel(trace, parent) : "P" + (trace.followed.stream().filter(f -> !f.thread).count() + 1);
                trace.followed.add(p);
            }
        }
        Set<Event> ownBefore = programsOwnBeforeAnchor(trace, anchor);
        if (!ownBefore.isEmpty()) {
            trace.notes.add(ownBefore.size() + " call(s) of the program thread before its first socket are its own "
                    + "(socket API on no runtime socket, or a negative fd) and are compared");
        }
        List<Event> kept = new ArrayList<>();
        for (Event e : trace.events) {
            Trace.Proc p = trace.followedProc(e.pid);
            if (p == null) {
                continue;
            }
            boolean after = p != first || e.order() >= anchor.order() || ownBefore.contains(e);
            e.otherThread = e.tid != p.programTid;
            switch (e.type) {
                case EXIT -> kept.add(e);
                case SIGNAL -> {
                    if (after) {
                        kept.add(e);
                    }
                }
                case CALL -> {
                    if (isOutputWrite(e)) {
                        kept.add(e);
                    } else if (after && !isThreadCreation(e)) {
                        kept.add(e); // other threads' calls: rule fd-names keeps those on the program's fds only
                    }
                }
            }
        }
        trace.events = kept;
    }

    /**
     * The program thread's calls before the anchor that are the program's own: socket-API calls
     * on a descriptor no earlier socket() of its process made, and calls on a negative descriptor.
     */
    static Set<Event> programsOwnBeforeAnchor(Trace trace, Event anchor) {
        Set<Event> own = new java.util.HashSet<>();
        Set<Integer> runtimeSockets = new java.util.HashSet<>();
        for (Event e : trace.events) {
            if (e == anchor) {
                break;
            }
            if (e.pid != anchor.pid || e.type != Event.Type.CALL) {
                continue;
            }
            List<String> args = ArgText.split(e.args);
            Integer fd = args.isEmpty() ? null : ArgText.intValue(args.get(0));
            if (e.isCall("socket")) {
                Integer made = ArgText.intValue(e.returnValue());
                if (made != null && made >= 0) {
                    runtimeSockets.add(made);
                }
                continue;
            }
            if (e.isCall("close") && fd != null) {
                runtimeSockets.remove(fd);
            }
            if (e.tid != anchor.tid || fd == null) {
                continue;
            }
            boolean negative = fd < 0 && FdNameRule.FD_CALLS.contains(e.name);
            boolean socketApi = SOCKET_API.contains(e.name) && !runtimeSockets.contains(fd);
            if (negative || socketApi) {
                own.add(e);
            }
        }
        return own;
    }

    /**
     * The anchor: the first socket(AF_INET or AF_INET6, ...) that is not a probe; null if there is none.
     * For a scenario that names a handler's signal ({@link NormaliseOptions#handlerSignal}), the first
     * rt_sigaction that installs a handler for it instead (see {@link #isHandlerInstall}).
     */
    static Event findAnchor(Trace trace) {
        List<Event> events = trace.events;
        String signal = trace.options.handlerSignal();
        if (signal != null) {
            int root = trace.lines.isEmpty() ? 0 : trace.lines.get(0).tid();
            int lastExec = events.stream().filter(e -> e.pid == root && e.isCall("execve") && "0".equals(e.returnValue()))
                    .mapToInt(Event::order).max().orElse(-1);
            return events.stream().filter(e -> e.pid == root && e.order() > lastExec && isHandlerInstall(e, signal))
                    .findFirst().orElse(null);
        }
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.isCall("socket") && isInet(e) && !isProbe(events, i)) {
                return e;
            }
        }
        return null;
    }

    /**
     * <code>rt_sigaction(SIGNAL, &#123;sa_handler=0x...</code> that returned 0: a handler (a function's address, never
     * SIG_DFL or SIG_IGN) installed for the signal. A program like SigAction opens no socket: its
     * story starts there, in the traced process once it has run its last execve (the Java twin's
     * launcher is a bash script that installs a SIGINT handler of its own while it waits for a
     * subshell, then execs sigblock, which execs the JVM). Not before: the shell's handlers, the JVM
     * installs handlers of its own for other signals (SIGSEGV, SIGBUS, ...) on the same thread, and
     * the Java twin unblocks its signal (rt_sigprocmask) just before; none of that is the program's.
     */
    static boolean isHandlerInstall(Event e, String signal) {
        return e.isCall("rt_sigaction") && e.returned && "0".equals(e.returnValue())
                && e.args.startsWith(signal + ", {sa_handler=0x");
    }

    /** socket(AF_INET, ...) or socket(AF_INET6, ...) (strace names the domain AF_): a family the program talks over. */
    static boolean isInet(Event socket) {
        String a = socket.args;
        return a.startsWith("AF_INET,") || a.startsWith("AF_INET6,");
    }

    /** A socket that was opened and closed with nothing but probing calls in between. */
    private static boolean isProbe(List<Event> events, int at) {
        Event socket = events.get(at);
        Integer fd = ArgText.intValue(socket.returnValue());
        if (fd == null || fd < 0) {
            return false; // a socket() that fails is the program's
        }
        for (int j = at + 1; j < events.size(); j++) {
            Event n = events.get(j);
            if (n.type != Event.Type.CALL || n.pid != socket.pid) {
                continue;
            }
            List<String> args = ArgText.split(n.args);
            if (args.isEmpty() || !String.valueOf(fd).equals(args.get(0)) || !FdNameRule.FD_CALLS.contains(n.name)) {
                continue;
            }
            if (n.name.equals("close")) {
                return true;
            }
            if (!PROBE_USES.contains(n.name)) {
                return false;
            }
        }
        return false; // never closed: the program's
    }

    /** A program-created thread's name: its process's name (a thread's creator's) and .T1, .T2, ... in order of creation. */
    private static String threadLabel(Trace trace, Trace.Proc creator) {
        String process = creator.label.contains(".") ? creator.label.substring(0, creator.label.indexOf('.')) : creator.label;
        long before = trace.followed.stream().filter(f -> f.thread && f.label.startsWith(process + ".")).count();
        return process + ".T" + (before + 1);
    }

    static boolean isOutputWrite(Event e) {
        if (!e.isCall("write", "writev", "pwrite64", "pwritev", "pwritev2")) {
            return false;
        }
        String a = e.args;
        return a.startsWith("1,") || a.startsWith("2,");
    }

    private static boolean isThreadCreation(Event e) {
        return e.isCall("clone", "clone3") && e.childPid == 0 && e.args.contains("CLONE_THREAD");
    }

    private static void noteSetAside(Trace trace, Event anchor, Trace.Proc first) {
        Map<String, Integer> sockets = new LinkedHashMap<>();
        for (Event e : trace.events) {
            if (e == anchor) {
                break;
            }
            if (e.pid == first.pid && e.isCall("socket")) {
                sockets.merge("socket(" + e.args + ")" + (e.tid == anchor.tid ? " on the program thread" : ""), 1,
                        Integer::sum);
            }
        }
        if (!sockets.isEmpty()) {
            StringBuilder sb = new StringBuilder("set aside, before the program's first socket (not compared):");
            sockets.forEach((k, n) -> sb.append(' ').append(n).append("x ").append(k).append(';'));
            trace.notes.add(sb.substring(0, sb.length() - 1));
        }
    }
}
