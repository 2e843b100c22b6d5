/* SignalRule.java: rule "signals", keeps signals as events of their process, without the runtime's own and without CPU times.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.List;

/**
 * <b>signals</b>: a signal delivered to a followed process ({@code --- SIGCHLD {...} ---},
 * {@code --- SIGTERM {...} ---}) is an event of the program and stays, in its place, whichever
 * thread of the process the kernel chose to deliver it to. Two things in it are not the
 * program's and go: the child's CPU times {@code si_utime} and {@code si_stime} of a SIGCHLD (a
 * forked JVM uses more CPU than a forked C program, and neither is the program's doing), and
 * the faults a runtime raises inside itself to work: synchronous faults (SIGSEGV, SIGBUS,
 * SIGILL, SIGFPE, SIGTRAP whose {@code si_code} is a fault code such as {@code SEGV_MAPERR},
 * never one sent with kill or tgkill); HotSpot takes them on purpose for implicit null checks,
 * stack banging and safepoint polls, and handles them. A fault that kills the process is still
 * seen: its exit status ({@code +++ killed by SIGSEGV +++}) is compared. Every other signal,
 * sent by whoever to whichever thread, stays.
 */
final class SignalRule extends Rule {

    private static final List<String> FAULT_CODES = List.of("SEGV_", "BUS_", "ILL_", "FPE_", "TRAP_");

    SignalRule() {
        super("signals",
                "keep signals as events of their process; drop the runtime's own synchronous faults and a SIGCHLD's CPU times",
                MergeResumedRule.class);
    }

    @Override
    public void apply(Trace trace) {
        List<Event> kept = new ArrayList<>();
        for (Event e : trace.events) {
            if (e.type != Event.Type.SIGNAL) {
                kept.add(e);
                continue;
            }
            String info = e.args;
            if (!(info.startsWith("{") && info.endsWith("}"))) {
                kept.add(e);
                continue;
            }
            List<String> fields = ArgText.split(info.substring(1, info.length() - 1));
            String code = field(fields, "si_code");
            boolean fault = code != null && FAULT_CODES.stream().anyMatch(code::startsWith);
            if (fault) {
                continue;
            }
            fields.removeIf(f -> f.startsWith("si_utime=") || f.startsWith("si_stime="));
            e.args = "{" + ArgText.join(fields) + "}";
            kept.add(e);
        }
        trace.events = kept;
    }

    static String field(List<String> fields, String key) {
        for (String f : fields) {
            if (f.startsWith(key + "=")) {
                return f.substring(key.length() + 1);
            }
        }
        return null;
    }
}
