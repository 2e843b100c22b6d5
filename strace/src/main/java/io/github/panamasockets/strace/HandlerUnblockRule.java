/* HandlerUnblockRule.java: rule "handler-unblock", drops the direct path's unblocking of HotSpot's four fault signals.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

/**
 * <b>handler-unblock</b>: drops a Java twin's {@code rt_sigprocmask(SIG_UNBLOCK, [ILL BUS FPE SEGV],
 * NULL, 8) = 0} when it is the first call of the thread after a signal was delivered to it. When a
 * signal lands inside a blocking call, the twin's native recorder runs the Java handler there and
 * then (docs/signals.md, "The direct path"); HotSpot raises SIGSEGV, SIGBUS, SIGFPE and SIGILL on
 * purpose in the Java code it runs, so with a handler mask that blocks them (the book's
 * {@code sigfillset}) the recorder unblocks exactly those four for the handler's duration
 * ({@code rt_sigreturn} restores the mask). Nothing else: any other mask, any other place, or
 * the same call by the program is compared. Only in traces that follow the signal calls.
 */
final class HandlerUnblockRule extends Rule {

    static final String CALL_ARGS = "SIG_UNBLOCK, [ILL BUS FPE SEGV], NULL, 8";

    HandlerUnblockRule() {
        super("handler-unblock",
                "drop the rt_sigprocmask that unblocks ILL BUS FPE SEGV right after a signal: the direct path runs Java in the handler",
                MergeResumedRule.class, SignalRule.class);
    }

    @Override
    public void apply(Trace trace) {
        int dropped = 0;
        for (int i = 1; i < trace.events.size(); i++) {
            Event e = trace.events.get(i);
            if (!e.isCall("rt_sigprocmask") || !CALL_ARGS.equals(e.args) || !e.result.startsWith("0")) {
                continue;
            }
            Event before = null;  // the thread's previous event
            for (int j = i - 1; j >= 0; j--) {
                if (trace.events.get(j).tid == e.tid) {
                    before = trace.events.get(j);
                    break;
                }
            }
            if (before != null && before.type == Event.Type.SIGNAL) {
                trace.events.remove(i--);
                dropped++;
            }
        }
        if (dropped > 0) {
            trace.notes.add("handler-unblock: " + dropped + " rt_sigprocmask unblocking ILL BUS FPE SEGV after a signal dropped");
        }
    }
}
