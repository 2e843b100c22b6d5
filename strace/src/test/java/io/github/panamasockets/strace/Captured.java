/* Captured.java: loads the captured traces and snippets of src/test/resources and runs chosen rules on them.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers over the captured traces (see src/test/resources/snippets/README.md). */
final class Captured {

    private Captured() {
    }

    /** The lines of a resource, such as {@code snippets/merge-resumed.raw} or {@code traces/client/c.raw}. */
    static List<String> lines(String resource) {
        try (InputStream in = Captured.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return new ArrayList<>(Arrays.asList(text.split("\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port the captured run of {@code scenario} by {@code build} ("c" or "java") was given (0 if none). */
    static int port(String scenario, String build) {
        for (String l : lines("traces/" + scenario + "/ports")) {
            String[] f = l.trim().split("\\s+");
            if (f[0].equals(build)) {
                return f.length > 1 ? Integer.parseInt(f[1]) : 0;
            }
        }
        throw new IllegalArgumentException("no port for " + build + " in " + scenario);
    }

    static NormaliseOptions options(int port) {
        return port == 0 ? new NormaliseOptions(List.of(), 32768, 60999) : new NormaliseOptions(List.of(port), 32768, 60999);
    }

    /** A captured trace of a scenario, normalised by all the rules. */
    static NormalisedTrace normalised(String scenario, String build) {
        return Normaliser.normalise(lines("traces/" + scenario + "/" + build + ".raw"), options(port(scenario, build)));
    }

    /** The rules named, in the normaliser's order. */
    static List<Rule> rules(String... names) {
        List<String> wanted = List.of(names);
        for (String n : wanted) {
            if (Normaliser.rules().stream().noneMatch(r -> r.name().equals(n))) {
                throw new IllegalArgumentException("no rule " + n);
            }
        }
        return Normaliser.rules().stream().filter(r -> wanted.contains(r.name())).toList();
    }

    /** Every rule up to and including {@code last}. */
    static List<Rule> upTo(String last) {
        List<Rule> out = new ArrayList<>();
        for (Rule r : Normaliser.rules()) {
            out.add(r);
            if (r.name().equals(last)) {
                return out;
            }
        }
        throw new IllegalArgumentException("no rule " + last);
    }

    static Trace run(List<String> lines, NormaliseOptions options, List<Rule> rules) {
        return Normaliser.run(lines, options, rules);
    }

    /** The events of thread {@code tid}, rendered. */
    static List<String> of(Trace t, int tid) {
        return t.events.stream().filter(e -> e.tid == tid).map(Event::render).toList();
    }

    /** The events of process {@code pid}, rendered. */
    static List<String> ofProcess(Trace t, int pid) {
        return t.events.stream().filter(e -> e.pid == pid).map(Event::render).toList();
    }

    /** {@code lines} with the first line containing {@code from} changed to contain {@code to}. */
    static List<String> edit(List<String> lines, String from, String to) {
        List<String> out = new ArrayList<>(lines);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).contains(from)) {
                out.set(i, out.get(i).replace(from, to));
                return out;
            }
        }
        throw new IllegalArgumentException("no line contains " + from);
    }
}
