/* ScenarioResult.java: what running one scenario with both builds gave.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.nio.file.Path;
import java.util.List;

/**
 * One scenario run with both builds.
 *
 * @param scenario   the scenario
 * @param verdict    the comparison of the normalised traces
 * @param report     the side-by-side print, with the verdict and the file paths
 * @param dir        where the raw and normalised traces are
 * @param problems   steps that did not happen as planned (a program that did not end in time, ...)
 * @param c          the C build's normalised trace
 * @param java       the Java build's normalised trace
 * @param notBuilt   null when the scenario ran; else why it was skipped: what is missing, or (with
 *                   {@code skipped} true) what it needs that this machine lacks; {@code verdict},
 *                   {@code c} and {@code java} are then null
 * @param skipped    the scenario could not be played here (no network namespace), not that it is not built
 */
public record ScenarioResult(Scenario scenario, Verdict verdict, String report, Path dir, List<String> problems,
                             NormalisedTrace c, NormalisedTrace java, String notBuilt, boolean skipped) {

    public ScenarioResult(Scenario scenario, Verdict verdict, String report, Path dir, List<String> problems,
                          NormalisedTrace c, NormalisedTrace java, String notBuilt) {
        this(scenario, verdict, report, dir, problems, c, java, notBuilt, false);
    }

    /** A scenario skipped because this machine cannot play it ({@code why}: what it needs, and the error). */
    static ScenarioResult skipped(Scenario s, String why) {
        return new ScenarioResult(s, null, "== " + s.id + ": skipped: " + why + "\n", null, List.of(), null, null, why,
                true);
    }

    /** A scenario skipped because its programs are not built yet. */
    static ScenarioResult notBuilt(Scenario s, List<String> missing) {
        String what = String.join(", ", missing) + " missing";
        return new ScenarioResult(s, null, "== " + s.id + ": not built (" + what + "); skipped\n", null, List.of(),
                null, null, what);
    }

    /** "identical", "different", "not built" or "skipped". */
    public String word() {
        return skipped ? "skipped" : notBuilt != null ? "not built" : verdict.word();
    }

    /** Not a failure: identical, or skipped as not built. */
    public boolean passed() {
        return notBuilt != null || verdict.identical();
    }
}
