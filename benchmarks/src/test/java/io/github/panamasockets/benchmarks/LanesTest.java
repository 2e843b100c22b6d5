/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The new lanes' logic: ServerLanes' reading of the C client's line, and the UDP goal's verdict. */
class LanesTest {

    @Test
    void theClientsResultLineIsReadOrTheLaneFails() {
        Map<String, String> f = ServerLanes.result("some noise\nlane=c mode=conn n=20 ok=19 failed=1 seconds=0.010 conn_per_s=1900.0 "
                + "p50_ns=5000 p99_ns=9000\n", "conn");
        assertEquals("19", f.get("ok"));
        assertEquals("1900.0", f.get("conn_per_s"));
        assertEquals("n=20 ok=19 failed=1 conn_per_s=1900.0", ServerLanes.rest(f, "n", "ok", "failed", "absent", "conn_per_s"));
        // no line for the mode, a field missing, a field not a number: each fails the run
        assertThrows(IllegalStateException.class, () -> ServerLanes.result("lane=c mode=rtt n=1 p50_ns=1 p99_ns=1\n", "conn"));
        assertThrows(IllegalStateException.class, () -> ServerLanes.result("lane=c mode=conn n=20 ok=19 failed=1 p50_ns=1\n", "conn"));
        assertThrows(NumberFormatException.class, () -> ServerLanes.result("lane=c mode=rtt n=1 p50_ns=x p99_ns=1\n", "rtt"));
        assertThrows(IllegalStateException.class, () -> ServerLanes.result("connect() failed: Connection refused\n", "rtt"));
    }

    @Test
    void theClientGoalNamesItsFloorsOnlyWhenBothRan() {
        Map<String, Map<String, String>> byLane = new HashMap<>();
        byLane.put("floor_empty", Map.of("median_ms", "30.0"));
        assertEquals("", Report.floors(byLane, 60.0), "one floor alone says nothing");
        byLane.put("floor_downcall", Map.of("median_ms", "54.0"));
        assertEquals("; floor: one plain downcall and nothing else 54 ms (0.90× java.net), 24 ms over an empty JVM "
                + "with the same flags", Report.floors(byLane, 60.0));
    }

    @Test
    void selectServersOutputIsCounted() {
        String out = "Starting server:  Hit return to shutdown\nNo echo requests for 2 secs...Server still alive\n"
                + "Request on port 0:  Handling client 127.0.0.1\nRequest on port 0:  Handling client 127.0.0.1\nShutting down server\n";
        assertEquals(2, ServerLanes.count(out, "Request on port"));
        assertEquals(1, ServerLanes.count(out, "No echo requests"));
    }

    /** One pass: a round of each UDP lane with these p50s (µs), pinned or not, on one CPU or two. */
    static void pass(List<Map<String, String>> rows, String pin, int round, boolean oneCpu, double c, double ffm, double dchan, double dsock) {
        String[] lanes = {"c", "udp_ffm", "udp_dchan", "udp_dsock"};
        double[] p50 = {c, ffm, dchan, dsock};
        for (int i = 0; i < lanes.length; i++) {
            Map<String, String> r = new HashMap<>(Map.of("pin", pin, "round", Integer.toString(round), "lane", lanes[i],
                    "p50_ns", Double.toString(p50[i] * 1000)));
            r.put("rx0", oneCpu ? "2.0" : "1.1");
            r.put("rx1", oneCpu ? "0.0" : "0.9");
            rows.add(r);
        }
    }

    @Test
    void udpGoalIsMetOnlyWhenFfmIsWithin5PercentOfCAndBelowBothJdkLanesPinnedAndNot() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int round = 1; round <= 7; round++) {
            pass(rows, "yes", round, true, 12, 12.2, 13, 13.5);
            pass(rows, "no", round, true, 11, 11.1, 12, 12.5);
            // a round split over two CPUs (~5x slower, any lane) is left out, not paired
            pass(rows, "no", 100 + round, false, 11, 60, 12, 12.5);
        }
        String[] g = Report.udpGoal(rows);
        assertEquals("met", g[1], g[0]);
        assertTrue(g[0].contains("pinned ÷ C 1.02× [1.02, 1.02], 98.4% interval, 7 rounds"), g[0]);

        List<Map<String, String>> slower = new ArrayList<>();
        for (int round = 1; round <= 7; round++) {
            pass(slower, "yes", round, true, 12, 12.2, 13, 13.5);
            pass(slower, "no", round, true, 11, 12.5, 12, 12.5); // unpinned: 1.14x C, above DatagramChannel
        }
        assertEquals("**missed**", Report.udpGoal(slower)[1]);

        List<Map<String, String>> close = new ArrayList<>();
        for (int round = 1; round <= 7; round++) {
            pass(close, "yes", round, true, 12, round % 2 == 0 ? 12.2 : 13, 13, 13.5); // 1.02x .. 1.08x C
            pass(close, "no", round, true, 11, 11.1, 12, 12.5);
        }
        assertEquals("not told apart", Report.udpGoal(close)[1]);

        List<Map<String, String>> pinnedOnly = new ArrayList<>();
        pass(pinnedOnly, "yes", 1, true, 12, 12.2, 13, 13.5);
        assertEquals("not measured", Report.udpGoal(pinnedOnly)[1]); // no unpinned rounds

        List<Map<String, String>> split = new ArrayList<>();
        for (int round = 1; round <= 7; round++) {
            pass(split, "yes", round, true, 12, 12.2, 13, 13.5);
            pass(split, "no", round, false, 60, 61, 62, 63); // unpinned rounds all on two CPUs: nothing to pair
        }
        assertEquals("not told apart (no one-CPU rounds)", Report.udpGoal(split)[1]);
    }

    /** servers.kv to section 3c's table: ratios paired per pass; a server's select output counted once a start, not once a pass. */
    @Test
    void serverTableRatiosArePairedPerPassAndTimeoutsCountedOnceAStart() throws Exception {
        Path dir = Files.createTempDirectory("lanes");
        try {
            Files.write(dir.resolve("servers.kv"), List.of(
                    "set=select server=c round=1 block=1 mode=conn threads=1 rss_kb=1500 n=500 ok=500 failed=0 conn_per_s=10000 p50_ns=1 stdin_exit=0 requests=1004 timeouts=1",
                    "set=select server=ffm round=1 block=1 mode=conn threads=11 rss_kb=69000 n=500 ok=500 failed=0 conn_per_s=9000 p50_ns=1 stdin_exit=0 requests=1004 timeouts=0",
                    "set=select server=c round=2 block=1 mode=conn threads=1 rss_kb=1500 n=500 ok=500 failed=0 conn_per_s=20000 p50_ns=1 stdin_exit=0 requests=1004 timeouts=1",
                    "set=select server=ffm round=2 block=1 mode=conn threads=11 rss_kb=69000 n=500 ok=500 failed=0 conn_per_s=16000 p50_ns=1 stdin_exit=0 requests=1004 timeouts=0",
                    "set=thread server=c round=1 block=1 mode=rtt n=100 p50_ns=10000 p99_ns=20000",
                    "set=thread server=c round=1 block=1 mode=conn threads=1 rss_kb=1500 n=500 ok=500 failed=0 conn_per_s=8000 p50_ns=1"));
            Report r = new Report(dir);
            r.serverLanes();
            String md = r.md.toString();
            // pass 1: 0.90, pass 2: 0.80; median 0.85, min..max with 2 passes
            assertTrue(md.contains("| select | `ffm` | 12,500 | 0.85× [0.80, 0.90] |"), md);
            assertTrue(md.contains("| select | `c` | 15,000 | 1 | – | – | 1.00 | 1.46 | 0 | 1 |"), md); // one start, one timeout line
            assertTrue(md.contains("| thread | `c` | 8,000 | 1 | 10.0 | 1 |"), md);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
