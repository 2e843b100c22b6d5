/* HandlerMaskRule.java: rule "handler-mask", leaves SEGV, BUS, FPE and ILL out of a handler's sa_mask as compared.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <b>handler-mask</b>: in the {@code sa_mask} of an {@code rt_sigaction} (the signals blocked while
 * the handler runs), whether SIGSEGV, SIGBUS, SIGFPE and SIGILL are in it is not compared; every
 * other signal of the mask is. Why: the book's programs fill the mask ({@code sigfillset}), and the
 * Java twins then take exactly those four out (Sockets.handlerMask): HotSpot raises them on purpose
 * in the thread that runs Java code (implicit null checks, safepoint polls) and handles them, and a
 * Java handler that blocked them would turn such a fault into the end of the process (measured:
 * docs/signals.md). So C's {@code sa_mask=~[RTMIN RT_1]} and the twin's
 * {@code sa_mask=~[ILL BUS FPE SEGV RTMIN RT_1]} are the same mask but for those four, and compare
 * alike. The four names are taken out of the mask's list as strace prints it: from a complement
 * ({@code ~[...]}: all but these) that makes them blocked, from a plain list ({@code [...]}) not
 * blocked; strace prints the same set in the same form, so two masks that differ in anything else
 * (another signal, an empty mask against a full one, the form itself) still differ. Only the masks
 * of rt_sigaction (the new action and the old one) are touched: a thread's mask (rt_sigprocmask,
 * rt_sigreturn) is compared as it is.
 */
final class HandlerMaskRule extends Rule {

    /** strace's names of the four signals (without SIG), as it prints them in a mask. */
    static final Set<String> JVM_FAULTS = Set.of("ILL", "BUS", "FPE", "SEGV");

    private static final Pattern MASK = Pattern.compile("sa_mask=(~?)\\[([^\\]]*)\\]");

    HandlerMaskRule() {
        super("handler-mask",
                "do not compare whether SIGSEGV, SIGBUS, SIGFPE and SIGILL are in an rt_sigaction's sa_mask (the Java twins "
                + "take them out of the book's full mask: HotSpot must take them)",
                MergeResumedRule.class);
    }

    @Override
    public void apply(Trace trace) {
        int changed = 0;
        for (Event e : trace.events) {
            if (!e.isCall("rt_sigaction")) {
                continue;
            }
            String before = e.args;
            e.args = withoutJvmFaults(e.args);
            if (!e.args.equals(before)) {
                changed++;
            }
        }
        if (changed > 0) {
            trace.notes.add("handler-mask: SEGV, BUS, FPE, ILL taken out of " + changed + " rt_sigaction mask(s) "
                    + "(not compared)");
        }
    }

    /** The arguments with the four names taken out of every {@code sa_mask=[...]} or {@code sa_mask=~[...]}. */
    static String withoutJvmFaults(String args) {
        Matcher m = MASK.matcher(args);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> kept = new ArrayList<>();
            for (String name : m.group(2).trim().split(" +")) {
                if (!name.isEmpty() && !JVM_FAULTS.contains(name)) {
                    kept.add(name);
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement("sa_mask=" + m.group(1) + "[" + String.join(" ", kept) + "]"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
