/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short version of bin/stress --sigio: UDPEchoServer-SIGIO, C then Java, 504 datagrams from 8
 * clients each. Both must live through the load (0 crashes), keep their descriptors flat, end on
 * SIGTERM, and echo only datagrams their handler took. Drops are the book's server's under load,
 * in C too: printed for both, side by side, not asserted.
 */
@Timeout(600)
class SigioStressTest {

    @Test
    void fiveHundredDatagramsFromEightClients() throws Exception {
        Path root = Root.find();
        Root.buildNative(root);
        Path work = root.resolve("stress/target/stress-work-sigio");
        System.out.println(SigioStress.HEADER);
        for (String build : List.of("c", "java")) {
            SigioStress.Row r = SigioStress.run(root, build, 504, 8, work);
            System.out.println(r.markdown());
            assertAll(build,
                    () -> assertEquals(504, r.echoed() + r.dropped(), "every datagram counted"),
                    () -> assertTrue(r.aliveAtEnd(), "the server lived through the load"),
                    () -> assertTrue(r.fdsEnd() <= r.fdsStart(), "descriptors " + r.fdsStart() + " -> " + r.fdsEnd()),
                    () -> assertTrue(r.endedOnSigterm(), "ended on SIGTERM"),
                    () -> assertTrue(r.echoed() <= r.handled(), "echoes " + r.echoed() + " of " + r.handled() + " taken"),
                    () -> assertTrue(r.echoed() > 0, "the server echoed"));
        }
    }
}
