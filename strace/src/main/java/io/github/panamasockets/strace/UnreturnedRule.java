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
 * descriptor, is compared; what it would have returned does not exist.
 */
final class UnreturnedRule extends Rule {

    UnreturnedRule() {
        super("unreturned",
                "a call that never returned (its process ended in it) is shown as name(first arg, ...) = ?",
                MergeResumedRule.class);
    }

    @Override
    public void apply(Trace trace) {
        for (Event e : trace.events) {
            if (e.type == Event.Type.CALL && !e.returned && e.result.startsWith("?")) {
                List<String> args = ArgText.split(e.args);
                e.args = args.isEmpty() ? "..." : args.get(0) + ", ...";
                e.result = "?";
            }
        }
    }
}
