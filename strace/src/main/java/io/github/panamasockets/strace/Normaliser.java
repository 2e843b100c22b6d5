/* Normaliser.java: applies the normalisation rules, in order, to a raw strace output.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the raw output of {@code strace -f -tt} into the lines that are compared. The rules run
 * in this order, each documented in its class and in docs/strace.md:
 * <ol>
 * <li>{@link MergeResumedRule merge-resumed}: one call from its two halves</li>
 * <li>{@link RestartNoiseRule restart-noise}: the interrupted half of a restarted call goes</li>
 * <li>{@link FollowForksRule follow-forks}: threads grouped into processes; fork named fork</li>
 * <li>{@link ProgramThreadsRule program-threads}: threads the program creates, each followed as its own section</li>
 * <li>{@link ProgramThreadRule program-thread}: the program's thread and processes, from its first socket</li>
 * <li>{@link FdNameRule fd-names}: descriptors named by origin; calls on other descriptors go</li>
 * <li>{@link SignalRule signals}: signals kept as events, without the runtime's own</li>
 * <li>{@link HandlerReturnRule handler-return}: rt_sigreturn not compared (where a handler returns is the mechanism's)</li>
 * <li>{@link HandlerUnblockRule handler-unblock}: the direct path's unblocking of HotSpot's four fault signals in a handler</li>
 * <li>{@link PidNameRule pid-names}: processes named P1, P2, ... by order of creation</li>
 * <li>{@link NetlinkRule netlink}: getaddrinfo's AF_NETLINK query without its pid and clock numbers</li>
 * <li>{@link DnsIdRule dns-id}: libc's name server queries and answers without their random id</li>
 * <li>{@link PortRule ports}: the scenario's port named PORT, kernel-chosen ports masked</li>
 * <li>{@link AddressRule addresses}: memory addresses masked</li>
 * <li>{@link ExitRule exit-status}: the exit status compared, not the exit path</li>
 * <li>{@link UnreturnedRule unreturned}: a call the process died in, by its first argument</li>
 * </ol>
 */
public final class Normaliser {

    private Normaliser() {
    }

    /** The rules, in the order they run. */
    static List<Rule> rules() {
        return List.of(new MergeResumedRule(), new RestartNoiseRule(), new FollowForksRule(), new ProgramThreadsRule(), new ProgramThreadRule(),
                new FdNameRule(), new SignalRule(), new HandlerReturnRule(), new HandlerUnblockRule(), new PidNameRule(), new NetlinkRule(), new DnsIdRule(), new PortRule(), new AddressRule(),
                new ExitRule(), new UnreturnedRule());
    }

    /** Normalises the raw lines of one strace output file. */
    public static NormalisedTrace normalise(List<String> rawLines, NormaliseOptions options) {
        Trace trace = run(rawLines, options, rules());
        return render(trace);
    }

    /**
     * Runs {@code rules} on the raw lines and returns the working state (for the rules' unit
     * tests). A rule whose {@link Rule#needs() needs} have not all run before it is refused.
     */
    static Trace run(List<String> rawLines, NormaliseOptions options, List<Rule> rules) {
        Trace trace = new Trace(options, StraceParser.parse(rawLines));
        Set<Class<? extends Rule>> done = new HashSet<>();
        for (Rule r : rules) {
            for (Class<? extends Rule> needed : r.needs()) {
                if (!done.contains(needed)) {
                    throw new IllegalStateException("rule " + r.name() + " reads what " + needed.getSimpleName()
                            + " leaves in the trace: it must run after it");
                }
            }
            r.apply(trace);
            done.add(r.getClass());
        }
        return trace;
    }

    /** The compared lines: each followed process, its events in order, its end last. */
    static NormalisedTrace render(Trace trace) {
        trace.sortEvents();
        List<String> lines = new ArrayList<>();
        for (Trace.Proc p : trace.followed) {
            Trace.Proc parent = trace.followedProc(p.parent);
            lines.add("[" + p.label + "]" + (p.fork != null && parent != null
                    ? (p.thread ? " thread created by " : " forked by ") + parent.label : ""));
            Event end = null;
            for (Event e : trace.events) {
                if (e.pid != p.pid) {
                    continue;
                }
                if (e.type == Event.Type.EXIT) {
                    end = e;
                } else {
                    lines.add(e.render());
                }
            }
            lines.add(end != null ? end.render() : "+++ end not seen +++");
        }
        List<String> notes = new ArrayList<>(trace.notes);
        return new NormalisedTrace(notes, lines);
    }
}
