/* RestartNoiseRule.java: rule "restart-noise", drops the interrupted half of a call the kernel restarted.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * <b>restart-noise</b>: when a signal arrives while a thread is blocked in a call (a fork
 * server's {@code accept} when a child ends and SIGCHLD comes), strace shows the call ending
 * with a kernel-internal restart code ({@code = ? ERESTARTSYS (To be restarted if SA_RESTART is
 * set)}, or {@code ERESTARTNOINTR}, {@code ERESTARTNOHAND}, {@code ERESTART_RESTARTBLOCK}),
 * then the signal, then the same call again (or {@code restart_syscall}). The program never
 * sees the interruption: it made one call. Whether the signal lands on the thread in that call
 * or on another thread of the process is the kernel's choice. So when the next call of the same
 * thread is the same call (or {@code restart_syscall}, which is then given the interrupted
 * call's name and arguments), the interrupted half is dropped. The signal itself stays (rule
 * signals). An interrupted call that is not restarted (the signal ended the process) stays, as
 * a call that did not return.
 */
final class RestartNoiseRule extends Rule {

    private static final List<String> RESTART_CODES =
            List.of("? ERESTARTSYS", "? ERESTARTNOINTR", "? ERESTARTNOHAND", "? ERESTART_RESTARTBLOCK");

    RestartNoiseRule() {
        super("restart-noise",
                "drop a call's interrupted half (= ? ERESTART...) when the same thread's next call restarts it",
                MergeResumedRule.class);
    }

    @Override
    public void apply(Trace trace) {
        Set<Event> dropped = new HashSet<>();
        List<Event> events = trace.events;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.type != Event.Type.CALL || !isRestartCode(e.result)) {
                continue;
            }
            Event next = null;
            for (int j = i + 1; j < events.size(); j++) {
                Event n = events.get(j);
                if (n.tid == e.tid && n.type == Event.Type.CALL) {
                    next = n;
                    break;
                }
            }
            if (next != null && (next.name.equals(e.name) || next.name.equals("restart_syscall"))) {
                dropped.add(e);
                if (next.name.equals("restart_syscall")) {
                    next.name = e.name;
                    next.args = e.args;
                }
            }
        }
        events.removeAll(dropped);
    }

    static boolean isRestartCode(String result) {
        for (String code : RESTART_CODES) {
            if (result.startsWith(code)) {
                return true;
            }
        }
        return false;
    }
}
