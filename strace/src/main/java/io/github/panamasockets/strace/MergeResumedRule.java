/* MergeResumedRule.java: rule "merge-resumed", joins <unfinished ...> / <... resumed> halves into one call.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.HashMap;
import java.util.Map;

/**
 * <b>merge-resumed</b>: when another thread or process prints while a call is in progress,
 * strace splits the call in two lines, {@code accept(3,  <unfinished ...>} and later
 * {@code <... accept resumed>{sa_family=...}, [16]) = 4}. Whether a call is split depends on
 * timing only, so each pair is joined back into the one call it is. The joined call stands
 * where it returned (see {@link Event#order()}); a call that never returned (its process ended
 * inside it) stands where it began. This rule also turns every line into an event: signals and
 * thread ends are kept as events; lines that are none of these are counted in a note.
 */
final class MergeResumedRule extends Rule {

    MergeResumedRule() {
        super("merge-resumed",
                "join each '<unfinished ...>' / '<... resumed>' pair into one call, placed where it returned");
    }

    @Override
    public void apply(Trace trace) {
        Map<Integer, StraceLine> pending = new HashMap<>();
        int other = 0;
        String firstOther = null;
        for (StraceLine l : trace.lines) {
            switch (l.kind()) {
                case CALL -> trace.events.add(new Event(Event.Type.CALL, l.tid(), l.index(), l.index(), l.name(),
                        l.args(), l.result(), l.text()));
                case UNFINISHED -> {
                    StraceLine before = pending.put(l.tid(), l);
                    if (before != null) { // never resumed (cannot happen in one thread): keep it as unreturned
                        trace.events.add(unreturned(before));
                    }
                }
                case RESUMED -> {
                    StraceLine u = pending.remove(l.tid());
                    if (u != null && u.name().equals(l.name())) {
                        String args = l.lost() ? stripTrailingComma(u.args()) : u.args() + l.args();
                        trace.events.add(new Event(Event.Type.CALL, l.tid(), u.index(), l.index(), l.name(), args,
                                l.result(), u.text() + " ... " + l.text()));
                    } else {
                        if (u != null) {
                            trace.events.add(unreturned(u));
                        }
                        // the trace began inside this call: only its second half is known
                        trace.events.add(new Event(Event.Type.CALL, l.tid(), l.index(), l.index(), l.name(),
                                l.args(), l.result(), l.text()));
                    }
                }
                case SIGNAL -> trace.events.add(new Event(Event.Type.SIGNAL, l.tid(), l.index(), l.index(), l.name(),
                        l.args(), "", l.text()));
                case EXIT -> trace.events.add(new Event(Event.Type.EXIT, l.tid(), l.index(), l.index(), l.name(), "",
                        l.result(), l.text()));
                case OTHER -> {
                    other++;
                    if (firstOther == null) {
                        firstOther = l.text();
                    }
                }
            }
        }
        for (StraceLine u : pending.values()) {
            trace.events.add(unreturned(u));
        }
        if (other > 0) {
            trace.notes.add(other + " line(s) of strace output are not calls, signals or ends and were not read; the first: "
                    + firstOther);
        }
        trace.sortEvents();
    }

    private static Event unreturned(StraceLine u) {
        return new Event(Event.Type.CALL, u.tid(), u.index(), u.index(), u.name(), stripTrailingComma(u.args()), "?",
                u.text());
    }

    private static String stripTrailingComma(String args) {
        String a = args.stripTrailing();
        return a.endsWith(",") ? a.substring(0, a.length() - 1) : a;
    }
}
