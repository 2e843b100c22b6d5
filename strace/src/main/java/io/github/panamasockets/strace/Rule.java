/* Rule.java: one named, documented normalisation rule.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

/**
 * One rule of the normaliser. Each rule does one thing to the trace, says what in
 * {@link #description()}, and is unit-tested on a captured snippet. No rule may hide a
 * difference in the program's own socket calls (which, their arguments, their order, their
 * return values) or in what the program writes to stdout and stderr.
 *
 * <p>A rule that reads what others leave in the {@link Trace} or its events (the events
 * themselves, processes, followed processes and their labels, the program's thread) names
 * those rules as its {@link #needs()}: {@link Normaliser#run} refuses to run it before them.
 */
abstract class Rule {

    private final String name;
    private final String description;
    private final List<Class<? extends Rule>> needs;

    @SafeVarargs
    Rule(String name, String description, Class<? extends Rule>... needs) {
        this.name = name;
        this.description = description;
        this.needs = List.of(needs);
    }

    /** A short name, as in docs/strace.md and the normalised trace's header. */
    final String name() {
        return name;
    }

    /** One sentence: what the rule does and why. */
    final String description() {
        return description;
    }

    /** The rules whose results this one reads: each must have run before it. */
    final List<Class<? extends Rule>> needs() {
        return needs;
    }

    abstract void apply(Trace trace);
}
