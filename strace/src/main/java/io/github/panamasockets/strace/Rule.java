/* Rule.java: one named, documented normalisation rule.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

/**
 * One rule of the normaliser. Each rule does one thing to the trace, says what in
 * {@link #description()}, and is unit-tested on a captured snippet. No rule may hide a
 * difference in the program's own socket calls (which, their arguments, their order, their
 * return values) or in what the program writes to stdout and stderr.
 */
interface Rule {

    /** A short name, as in docs/strace.md and the normalised trace's header. */
    String name();

    /** One sentence: what the rule does and why. */
    String description();

    void apply(Trace trace);
}
