/* UnreturnedRule.java: rule "unreturned", shows a call its process ended inside by its first argument only.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

/**
 * <b>unreturned</b>: when a process is killed inside a call (a server blocked in
 * {@code accept} when the test sends SIGTERM), the call has no result; strace prints the
 * arguments it decodes on return only when the call returns, or gets to the kernel's
 * interruption first ({@code accept(3, 0x7ffd..., [16]) = ? ERESTARTSYS} for C, just
 * {@code accept(6, <unfinished ...>) = ?} for a JVM whose other thread printed in between).
 * Such a call is shown as {@code name(first argument, ...) = ?} (always with the {@code ...},
 * as strace may or may not have printed more): which call, on which
 * descriptor, is compared; what it would have returned does not exist. So is a call that
 * returned EINTR for the signal that then killed the process ({@link #interruptedToDeath}).
 */
final class UnreturnedRule extends Rule {

    UnreturnedRule() {
        super("unreturned",
                "a call that never returned (its process ended in it) is shown as name(first arg, ...) = ?",
                MergeResumedRule.class);
    }

    @Override
    public void apply(Trace trace) {
        List<Event> events = trace.events;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.type == Event.Type.CALL && (!e.returned && e.result.startsWith("?") || interruptedToDeath(events, i))) {
                List<String> args = ArgText.split(e.args);
                e.args = args.isEmpty() ? "..." : args.get(0) + ", ...";
                e.result = "?";
                e.returned = false;
            }
        }
    }

    /**
     * A call that returned EINTR for a signal whose default action then killed its process, with
     * nothing of that process in between: the process died on the way back from the kernel, and
     * the program never saw the EINTR. So it is a call the process ended in, as a single thread sees
     * it (C's epoll_wait, never restarted); a JVM, where the signal may land on another thread
     * first, shows the same call unfinished.
     */
    static boolean interruptedToDeath(List<Event> events, int i) {
        Event call = events.get(i);
        if (!"EINTR".equals(call.errno())) {
            return false;
        }
        Event signal = null;
        for (int j = i + 1; j < events.size(); j++) {
            Event next = events.get(j);
            if (next.pid != call.pid) {
                continue;
            }
            if (signal == null) {
                if (next.type != Event.Type.SIGNAL) {
                    return false;
                }
                signal = next;
            } else {
                return next.type == Event.Type.EXIT && !"exited".equals(next.name) && next.result.startsWith(signal.name);
            }
        }
        return false;
    }
}
