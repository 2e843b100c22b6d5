/* TraceDir.java: what a scenario's run and a generic run both do with the directory strace writes into.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.Build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One run's directory of traces: emptied before the run; each build's raw trace normalised into
 * STEM.norm beside it; the report ended with the side by side and kept as side-by-side.txt.
 */
final class TraceDir {

    private TraceDir() {
    }

    /** Makes {@code dir}, or empties it of the files a run before left. */
    static void clean(Workspace ws, Path dir) throws EnvironmentException {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    if (Files.isRegularFile(f)) {
                        Files.delete(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot clean " + ws.show(dir) + ": " + e.getMessage());
        }
    }

    /** Normalises the raw trace of build {@code b} and writes it beside; {@code who} names the run in an error. */
    static NormalisedTrace normalise(Workspace ws, Path dir, Build b, NormaliseOptions options, String who)
            throws EnvironmentException {
        Path raw = dir.resolve(b.stem + ".raw");
        if (!Files.isRegularFile(raw)) {
            throw new EnvironmentException(who + ": strace wrote no trace; see " + ws.show(dir.resolve(b.stem + ".stderr")));
        }
        try {
            NormalisedTrace n = Normaliser.normalise(Files.readAllLines(raw), options);
            Files.writeString(dir.resolve(b.stem + ".norm"), n.text());
            return n;
        } catch (IOException e) {
            throw new EnvironmentException(who + ": " + e.getMessage());
        }
    }

    /** Ends {@code report} (its heading written): where the traces are, the problems, the side by side; kept in the directory. */
    static String finish(Workspace ws, Path dir, StringBuilder report, List<String> problems,
            NormalisedTrace c, NormalisedTrace j, int width) throws EnvironmentException {
        report.append("   raw and normalised traces: ").append(ws.show(dir)).append("/{c,java}.{raw,norm}\n");
        for (String p : problems) {
            report.append("   problem: ").append(p).append('\n');
        }
        report.append(SideBySide.render("C", c, "Java", j, width));
        try {
            Files.writeString(dir.resolve("side-by-side.txt"), report);
        } catch (IOException e) {
            throw new EnvironmentException("cannot write " + ws.show(dir) + ": " + e.getMessage());
        }
        return report.toString();
    }
}
