/* FollowForksRule.java: rule "follow-forks", groups threads into processes and names process creation fork.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * <b>follow-forks</b>: strace -f prints thread ids. A {@code clone} or {@code clone3} with
 * {@code CLONE_THREAD} makes a thread of the same process (the JVM starts about twenty); one
 * without it makes a new process: that is what glibc's {@code fork()} is
 * ({@code clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=...)}),
 * in C and in Java alike. This rule finds the process of every thread, and rewrites each
 * process-creating call as {@code fork() = <pid>} when its flags are glibc's fork flags, or as
 * {@code fork(flags=...) = <pid>} when they are not (so a different way of making a process is
 * still seen); the child pointer and stack addresses, which differ from run to run, go. The
 * processes are then compared one by one (rule program-thread decides which are followed).
 */
final class FollowForksRule extends Rule {

    static final String GLIBC_FORK_FLAGS = "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD";
    private static final String GLIBC_FORK_FLAGS3 = "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID";

    FollowForksRule() {
        super("follow-forks",
                "group threads into processes; a clone/clone3 without CLONE_THREAD is shown as fork() and its child followed as a process of its own",
                MergeResumedRule.class);
    }

    private record Creation(int creatorTid, boolean thread, Event event) {
    }

    @Override
    public void apply(Trace trace) {
        if (trace.lines.isEmpty()) {
            return;
        }
        int root = trace.lines.get(0).tid();
        Map<Integer, Creation> created = new HashMap<>();
        for (Event e : trace.events) {
            if (e.isCall("clone", "clone3", "fork", "vfork") && e.returned) {
                Integer child = ArgText.intValue(e.returnValue());
                if (child != null && child > 0) {
                    boolean thread = !e.name.endsWith("fork") && e.args.contains("CLONE_THREAD");
                    created.put(child, new Creation(e.tid, thread, e));
                }
            }
        }
        Map<Integer, Integer> memo = new HashMap<>();
        for (Event e : trace.events) {
            e.pid = processOf(e.tid, root, created, memo, 0);
        }
        for (int tid : created.keySet()) { // threads that made no traced call belong somewhere too
            processOf(tid, root, created, memo, 0);
        }
        trace.processOf.putAll(memo);
        trace.processes.put(root, new Trace.Proc(root, 0, 0, null));
        for (Event e : trace.events) { // in order of events: processes in order of creation
            if (e.isCall("clone", "clone3", "fork", "vfork") && e.returned) {
                Integer child = ArgText.intValue(e.returnValue());
                if (child != null && child > 0 && !created.get(child).thread()) {
                    trace.processes.put(child, new Trace.Proc(child, e.pid, e.tid, e));
                    e.childPid = child;
                    rewriteAsFork(e);
                }
            }
        }
    }

    private static int processOf(int tid, int root, Map<Integer, Creation> created, Map<Integer, Integer> memo,
                                 int depth) {
        Integer known = memo.get(tid);
        if (known != null) {
            return known;
        }
        Creation c = created.get(tid);
        int pid = tid == root || c == null || !c.thread() || depth > 1000
                ? tid : processOf(c.creatorTid(), root, created, memo, depth + 1);
        memo.put(tid, pid);
        return pid;
    }

    private static void rewriteAsFork(Event e) {
        String flags = null;
        String exitSignal = null;
        if (e.name.equals("clone")) {
            for (String a : ArgText.split(e.args)) {
                if (a.startsWith("flags=")) {
                    flags = a.substring("flags=".length());
                }
            }
            if (GLIBC_FORK_FLAGS.equals(flags)) {
                flags = null;
            }
        } else if (e.name.equals("clone3")) {
            List<String> args = ArgText.split(e.args);
            String struct = args.isEmpty() ? "" : args.get(0);
            if (struct.startsWith("{") && struct.endsWith("}")) {
                for (String f : ArgText.split(struct.substring(1, struct.length() - 1))) {
                    if (f.startsWith("flags=")) {
                        flags = f.substring("flags=".length());
                    } else if (f.startsWith("exit_signal=")) {
                        exitSignal = f.substring("exit_signal=".length());
                    }
                }
            }
            if (GLIBC_FORK_FLAGS3.equals(flags) && "SIGCHLD".equals(exitSignal)) {
                flags = null;
                exitSignal = null;
            }
        }
        String args = flags == null ? "" : "flags=" + flags + (exitSignal == null ? "" : ", exit_signal=" + exitSignal);
        e.name = e.name.equals("vfork") ? "vfork" : "fork";
        e.args = args;
    }
}
