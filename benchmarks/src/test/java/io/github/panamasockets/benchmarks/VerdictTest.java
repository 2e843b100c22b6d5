/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Report's statistics: the median's order-statistics interval, paired ratios and the three verdicts. */
class VerdictTest {

    static List<Double> oneTo(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> (double) i).toList();
    }

    @Test
    void intervalIsTheOrderStatisticsOfTheBinomialTable() {
        // n = 31: P(B <= 9) = 1.47% <= 2.5% < P(B <= 10) = 3.54%, so x(10)..x(22), coverage 97.06%
        double[] m = Report.medianInterval(oneTo(31));
        assertEquals(16, m[0]);
        assertEquals(10, m[1]);
        assertEquals(22, m[2]);
        assertEquals(0.9706, m[3], 1e-4);
        // n = 6: the smallest n whose min..max reaches 95% (1 - 2/64 = 96.9%)
        double[] six = Report.medianInterval(oneTo(6));
        assertEquals(1, six[1]);
        assertEquals(6, six[2]);
        assertEquals(0.96875, six[3], 1e-9);
        // n = 5: min..max is all there is, and its coverage says it is below 95%
        assertEquals(0.9375, Report.medianInterval(oneTo(5))[3], 1e-9);
    }

    @Test
    void verdictIsMetOnlyWhenTheWholeIntervalMeetsTheGoal() {
        assertEquals("met", Report.verdict(new double[]{1.00, 0.98, 1.04, 0.97, 31}, 1.05, true));
        assertEquals("not told apart", Report.verdict(new double[]{1.03, 0.99, 1.08, 0.97, 31}, 1.05, true));
        assertEquals("**missed**", Report.verdict(new double[]{1.20, 1.10, 1.30, 0.97, 31}, 1.05, true));
        assertEquals("met", Report.verdict(new double[]{0.97, 0.96, 0.99, 0.97, 31}, 0.95, false));
        assertEquals("not told apart", Report.verdict(new double[]{0.97, 0.93, 0.99, 0.97, 31}, 0.95, false));
        assertEquals("**missed**", Report.verdict(new double[]{0.90, 0.88, 0.94, 0.97, 31}, 0.95, false));
        assertEquals("**missed**", Report.allOf("met", "**missed**", "not told apart"));
        assertEquals("not told apart", Report.allOf("met", "not told apart"));
        assertEquals("met", Report.allOf("met", "met"));
        // one round (a smoke run): a 0% interval decides nothing, even far from the goal
        assertEquals("not told apart (too few rounds)", Report.verdict(Report.medianInterval(List.of(2.0)), 1.05, true));
    }

    @Test
    void ratiosArePairedWithinTheSameRoundOnly() {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(Map.of("pin", "yes", "round", "1", "lane", "c", "p50_ns", "100"));
        rows.add(Map.of("pin", "yes", "round", "1", "lane", "ffm", "p50_ns", "110"));
        rows.add(Map.of("pin", "yes", "round", "2", "lane", "c", "p50_ns", "200"));
        rows.add(Map.of("pin", "yes", "round", "2", "lane", "ffm", "p50_ns", "180"));
        rows.add(Map.of("pin", "yes", "round", "3", "lane", "ffm", "p50_ns", "999")); // no C round to pair with
        rows.add(Map.of("pin", "no", "round", "1", "lane", "c", "p50_ns", "50"));
        List<Double> r = Report.pairedRatios(rows.stream().filter(x -> x.get("pin").equals("yes")).toList(), "lane", "ffm", "c", "p50_ns",
                Report.PAIR);
        assertEquals(List.of(1.1, 0.9), r);
    }
}
