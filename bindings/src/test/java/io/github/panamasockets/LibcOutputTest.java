/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockaddr_in;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

import static io.github.panamasockets.generated.sockets_h.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What libc prints through the bindings, byte for byte against a C program doing the same:
 * printf with several argument shapes, and perror after the JVM had every chance to clobber errno.
 * Both run as processes of their own, since libc writes straight to fd 1 and 2.
 */
class LibcOutputTest {

    @TempDir
    static Path work;
    static Path cTwin;

    @BeforeAll
    static void compile() throws Exception {
        cTwin = NativeProbe.compile("errno_twin", work);
    }

    @Test
    void printfShapesPrintWhatCPrints() throws Exception {
        NativeProbe.Result c = NativeProbe.run(List.of(cTwin.toString(), "printf"));
        NativeProbe.Result java = NativeProbe.java("printf");
        assertEquals(0, c.status());
        assertEquals(c.stdout(), java.stdout());
        assertEquals(c.stderr(), java.stderr());
        assertEquals(c.status(), java.status());
        assertEquals("int 42, negative -7\n", java.stdout().lines().skip(1).findFirst().orElseThrow() + "\n");
    }

    @Test
    void perrorPrintsWhatCPrints() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            // a bound, not listening socket: nothing can accept on its port while both programs run
            int holder = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
            MemorySegment addr = UdpLoopbackTest.v4(arena, 0);
            assertEquals(0, bind(holder, addr, (int) sockaddr_in.sizeof()));
            assertEquals(0, getsockname(holder, addr, arena.allocateFrom(socklen_t, (int) sockaddr_in.sizeof())));
            String port = Integer.toString(Short.toUnsignedInt(ntohs(sockaddr_in.sin_port(addr))));
            try {
                NativeProbe.Result c = NativeProbe.run(List.of(cTwin.toString(), "perror", port));
                NativeProbe.Result java = NativeProbe.java("perror", port);
                assertEquals("connect() failed: Connection refused\n", c.stderr());
                assertEquals(c.stderr(), java.stderr());
                assertEquals(c.stdout(), java.stdout());
                assertEquals(1, java.status());
            } finally {
                close(holder);
            }
        }
    }
}
