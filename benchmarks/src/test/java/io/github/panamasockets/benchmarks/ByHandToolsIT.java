/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.github.panamasockets.testkit.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The by-hand measurement tools that benchmarks/run does not call (benchmarks/fork-levers and
 * benchmarks/thread-cost, whose figures docs/fork-in-a-jvm.md and benchmarks/README.md quote) still
 * run end to end: the shortest settings, every lane's line, no failed connection, and figures that
 * are numbers a measurement can give (no timing is asserted).
 */
class ByHandToolsIT {

    private static final Path ROOT = Repository.root(Path.of(""));

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void forkLeversGivesEveryLaneARatioToC() throws Exception {
        String out = run("benchmarks/fork-levers", "-r", "2", "-n", "40", "-w", "5", "base=", "small=-Xmn4m");
        for (String lane : List.of("c", "base", "small")) {
            Matcher m = Pattern.compile("(?m)^" + lane + " +ratio=([0-9.]+) \\[.*conn_per_s=([0-9.]+) .* failed=([0-9]+)").matcher(out);
            assertTrue(m.find(), "no summary line for lane " + lane + ":\n" + out);
            double ratio = Double.parseDouble(m.group(1));
            assertTrue(ratio > 0 && Double.isFinite(ratio), lane + ": ratio " + ratio);
            assertTrue(Double.parseDouble(m.group(2)) > 0, lane + ": no connection rate");
            assertEquals("0", m.group(3), lane + ": failed connections\n" + out);
        }
        assertTrue(out.contains("c          ratio=1.000 [1.000, 1.000]"), "C's own ratio is 1:\n" + out);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void threadCostGivesBothServersAndEveryThreadVariant() throws Exception {
        String out = run("benchmarks/thread-cost", "-r", "1", "-n", "50", "-t", "10");
        for (String lane : List.of("c", "java")) {
            Matcher m = Pattern.compile("(?m)^server lane=" + lane + " conn_per_s=([0-9]+) .*cpu_us=([0-9.]+) ").matcher(out);
            assertTrue(m.find(), "no server line for " + lane + ":\n" + out);
            assertTrue(Long.parseLong(m.group(1)) > 0, lane + ": no connection rate");
        }
        assertTrue(Pattern.compile("(?m)^server lane=java .* ratio_to_c=[0-9.]+").matcher(out).find(), out);
        for (String variant : List.of("lane=c variant=empty", "lane=c variant=threadmain",
                "lane=java variant=native", "lane=java variant=upcall", "lane=java variant=errno", "lane=java variant=threadmain")) {
            assertTrue(Pattern.compile("(?m)^lifecycle " + variant + " us=[0-9.]+").matcher(out).find(), "no " + variant + ":\n" + out);
        }
        assertFalse(Pattern.compile("failed=[1-9]").matcher(out).find(), "failed connections:\n" + out);
    }

    /** Runs a tool from the repository root; its stdout and stderr together, after it exited 0. */
    private static String run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, ROOT.resolve(command[0]).toString());
        Path log = Files.createTempFile("by-hand-tool", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(170, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail(String.join(" ", command) + " still running after 170 s; killed");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
