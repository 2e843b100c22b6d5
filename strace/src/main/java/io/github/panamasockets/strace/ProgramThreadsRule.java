/* ProgramThreadsRule.java: rule "program-threads", follows each thread the program itself creates as a section of its own.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * <b>program-threads</b>: a threaded server (TCPEchoServer-Thread) starts one thread per client
 * with {@code pthread_create}, which glibc makes as {@code clone3} (or {@code clone}) with
 * {@code CLONE_THREAD}, in both builds. A JVM runs some twenty threads of its own besides; rule
 * program-thread follows only the program thread and drops every thread creation. This rule,
 * run before it, picks out the threads the program created and follows each as a section of its
 * own ({@code [P1.T1] thread created by P1}), compared as the C thread:
 * <ol>
 * <li>A <i>program-created thread</i> is one whose creating {@code clone3}/{@code clone} with
 *     {@code CLONE_THREAD} was issued, after the anchor (the program's first used INET socket,
 *     {@link ProgramThreadRule#findAnchor}), by the program thread or by a program-created thread,
 *     in the anchor's process. The JVM starts its own threads before {@code main} or from its own
 *     threads (compiler, GC, service threads), never from the program's thread after its first
 *     socket in these programs; a runtime thread started lazily there would be shown as the
 *     program's, an extra section: a difference, never a hidden one.</li>
 * <li>The creating call stays, on the creator's section, with what the program chose: the
 *     flags, {@code exit_signal} and {@code stack_size} (pthread's default attributes); the
 *     addresses (stack, tls, child_tid, parent_tid) go, and the result is the thread's name.</li>
 * <li>Every call and the end ({@code +++ exited with 0 +++}) of that thread move to its
 *     section; signals stay with the process (the kernel picks the thread of a process-directed
 *     signal). Its descriptors are named from its process's names at its creation (rule fd-names).</li>
 * <li>Calls in the new thread that the Java build makes and C does not: a thread that
 *     {@code pthread_create} started enters Java through an upcall stub, which attaches it to
 *     the JVM (sigaltstack, mmap of its guard pages, prctl(PR_SET_NAME), futexes) and loads
 *     classes. Of these only the class loading is in the traced set: {@code read}s of a jar on
 *     a descriptor the JVM opened before {@code main}, which rule fd-names drops as it drops any
 *     call on a descriptor that is not the program's. Nothing else is set aside: a
 *     {@code recv}, {@code send} or {@code close} on a program descriptor in the thread is
 *     compared, whoever makes it.</li>
 * </ol>
 * A trace without an anchor, or without such a creation, is left as it is.
 * (Captured: snippets/thread-server-{c,java}.raw.)
 */
final class ProgramThreadsRule extends Rule {

    ProgramThreadsRule() {
        super("program-threads",
                "follow each thread the program thread creates after its first socket (clone/clone3 with CLONE_THREAD) "
                + "as a section of its own, with the creating call's flags",
                FollowForksRule.class);
    }

    @Override
    public void apply(Trace trace) {
        Event anchor = ProgramThreadRule.findAnchor(trace);
        if (anchor == null) {
            return;
        }
        Map<Integer, Integer> sectionOf = new HashMap<>(); // creating tid -> its section's pid (the process, or the thread)
        sectionOf.put(anchor.tid, anchor.pid);
        Map<Integer, Trace.Proc> created = new LinkedHashMap<>();
        List<Event> byOrder = new ArrayList<>(trace.events);
        byOrder.sort(Comparator.comparingInt(Event::order).thenComparingInt(e -> e.start));
        for (Event e : byOrder) {
            if (!isThreadCreation(e) || e.pid != anchor.pid || e.order() <= anchor.order()
                    || !sectionOf.containsKey(e.tid)) {
                continue;
            }
            int tid = ArgText.intValue(e.returnValue());
            Trace.Proc t = new Trace.Proc(tid, sectionOf.get(e.tid), e.tid, e);
            t.thread = true;
            created.put(tid, t);
            sectionOf.put(tid, tid);
            e.childPid = tid;
            e.args = programChoices(e);
        }
        if (created.isEmpty()) {
            return;
        }
        for (Event e : trace.events) {
            if (e.type != Event.Type.SIGNAL && created.containsKey(e.tid)) {
                e.pid = e.tid;
            }
        }
        // processes and threads in order of creation, so that a creator is always followed before what it made
        List<Trace.Proc> all = new ArrayList<>(trace.processes.values());
        all.addAll(created.values());
        all.sort(Comparator.comparingInt(p -> p.fork == null ? Integer.MIN_VALUE : p.fork.order()));
        trace.processes.clear();
        all.forEach(p -> trace.processes.put(p.pid, p));
        trace.notes.add(created.size() + " thread(s) created by the program's thread(s) after its first socket, each "
                + "followed as a section of its own");
    }

    /** A clone/clone3 with CLONE_THREAD that returned a thread id. */
    static boolean isThreadCreation(Event e) {
        if (!e.isCall("clone", "clone3") || !e.returned || !e.args.contains("CLONE_THREAD")) {
            return false;
        }
        Integer tid = ArgText.intValue(e.returnValue());
        return tid != null && tid > 0;
    }

    /**
     * The creating call's arguments without addresses: clone3's struct keeps flags, exit_signal
     * and stack_size (its size argument stays); clone keeps flags.
     */
    static String programChoices(Event e) {
        List<String> args = ArgText.split(e.args);
        List<String> kept = new ArrayList<>();
        if (e.name.equals("clone3")) {
            String struct = args.isEmpty() ? "" : args.get(0);
            int arrow = struct.indexOf(" => ");
            if (arrow > 0) {
                struct = struct.substring(0, arrow); // the kernel's write-back: parent_tid, an id
            }
            List<String> fields = new ArrayList<>();
            if (struct.startsWith("{") && struct.endsWith("}")) {
                for (String f : ArgText.split(struct.substring(1, struct.length() - 1))) {
                    if (f.startsWith("flags=") || f.startsWith("exit_signal=") || f.startsWith("stack_size=")) {
                        fields.add(f);
                    }
                }
            }
            kept.add("{" + String.join(", ", fields) + "}");
            kept.addAll(args.subList(Math.min(1, args.size()), args.size()));
        } else {
            for (String a : args) {
                if (a.startsWith("flags=")) {
                    kept.add(a);
                }
            }
        }
        return ArgText.join(kept);
    }
}
