/* Trace.java: the state the normalisation rules work on, from the merged events to the followed processes.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The trace between rules: its lines, then its events, and what the rules learnt about it. */
final class Trace {

    /** A process (thread group) seen in the trace. */
    static final class Proc {
        final int pid;
        /** The process that forked it, 0 for the first one traced. */
        final int parent;
        /** The thread that forked it, 0 for the first one traced. */
        final int creatorTid;
        /** The event of the fork in the parent, null for the first one traced. */
        final Event fork;
        /** The thread the program runs on in it; set by the program-thread rule. */
        int programTid;
        /** Its name in the normalised trace (P1, P2, ...); set by the program-thread rule. */
        String label;
        /**
         * Not a process but a thread the program created (rule program-threads): shown as a section
         * of its own, named after its process (P1.T1), its creating clone as its "fork".
         */
        boolean thread;

        Proc(int pid, int parent, int creatorTid, Event fork) {
            this.pid = pid;
            this.parent = parent;
            this.creatorTid = creatorTid;
            this.fork = fork;
        }
    }

    final NormaliseOptions options;
    final List<StraceLine> lines;
    List<Event> events = new ArrayList<>();
    /** Thread id to process id. */
    final Map<Integer, Integer> processOf = new HashMap<>();
    /** Every process seen, in the order of creation. */
    final Map<Integer, Proc> processes = new LinkedHashMap<>();
    /** The processes whose events the normalised trace shows, in order of creation (P1 first). */
    final List<Proc> followed = new ArrayList<>();
    /** Things set aside that a reader should know about: printed as '#' lines, not compared. */
    final List<String> notes = new ArrayList<>();

    Trace(NormaliseOptions options, List<StraceLine> lines) {
        this.options = options;
        this.lines = lines;
    }

    void sortEvents() {
        events.sort(Comparator.comparingInt(Event::order).thenComparingInt(e -> e.start));
    }

    /** Each followed process's label (P1, P1.T1, ...) by its pid, once the program-thread rule has set them. */
    Map<Integer, String> labelsByPid() {
        Map<Integer, String> labels = new HashMap<>();
        for (Proc p : followed) {
            labels.put(p.pid, p.label);
        }
        return labels;
    }

    Proc followedProc(int pid) {
        for (Proc p : followed) {
            if (p.pid == pid) {
                return p;
            }
        }
        return null;
    }
}
