/* HandlerReturnRule.java: rule "handler-return", drops rt_sigreturn, whose place is the handler mechanism's.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

/**
 * <b>handler-return</b>: {@code rt_sigreturn} calls are not compared. A C handler runs in the
 * signal's frame: its calls come between the signal and its {@code rt_sigreturn}, and a handler
 * that exits never returns. A Java twin's handler is installed as a native recorder that returns at
 * once (docs/signals.md): its {@code rt_sigreturn} comes right after the signal, and the Java
 * handler's calls after it, when the interrupted call has returned to Java. The same calls in the
 * same order, the return from the frame placed differently. What the program sees of the
 * interruption stays compared: the interrupted call's {@code = ? ERESTART...} line, whether it was
 * restarted (rule restart-noise), the signal itself and every call of the handler. Only in traces
 * that follow the signal calls (strace's %signal, the signal programs' scenarios).
 */
final class HandlerReturnRule extends Rule {

    HandlerReturnRule() {
        super("handler-return",
                "drop rt_sigreturn: a C handler returns after its calls, a Java twin's native recorder before them",
                MergeResumedRule.class);
    }

    @Override
    public void apply(Trace trace) {
        int before = trace.events.size();
        trace.events.removeIf(e -> e.isCall("rt_sigreturn"));
        int dropped = before - trace.events.size();
        if (dropped > 0) {
            trace.notes.add("handler-return: " + dropped + " rt_sigreturn dropped (not compared)");
        }
    }
}
