/* ExitRule.java: rule "exit-status", compares how each process ended, not the path it took to end.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * <b>exit-status</b>: a C program ends with {@code exit_group(N)} on its only thread; a JVM may
 * end from another thread, or its main thread may call {@code exit} and the others follow. The
 * path is not the program's: the {@code exit} and {@code exit_group} calls are dropped, and each
 * followed process ends with one line, its status as strace saw it: {@code +++ exited with N +++}
 * or {@code +++ killed by SIGX +++} (that of its first thread, which the kernel reports last,
 * or else of its last thread to end), or {@code +++ end not seen +++}. The last call the
 * program made before it is compared as any other call.
 */
final class ExitRule extends Rule {

    ExitRule() {
        super("exit-status",
                "drop exit/exit_group calls; end each process with its exit status (exited with N / killed by SIG)",
                FollowForksRule.class);
    }

    @Override
    public void apply(Trace trace) {
        Map<Integer, Event> end = new HashMap<>();
        for (Event e : trace.events) {
            if (e.type == Event.Type.EXIT) {
                Event before = end.get(e.pid);
                if (before == null || before.tid != e.pid) { // the leader's end wins; else the last one
                    end.put(e.pid, e);
                }
            }
        }
        List<Event> kept = new ArrayList<>();
        for (Event e : trace.events) {
            if (e.isCall("exit", "exit_group")) {
                continue;
            }
            if (e.type == Event.Type.EXIT && end.get(e.pid) != e) {
                continue;
            }
            kept.add(e);
        }
        trace.events = kept;
    }
}
