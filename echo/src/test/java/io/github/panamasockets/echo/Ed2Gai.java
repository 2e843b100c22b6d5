/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*;

/**
 * What getaddrinfo() says, through the bindings, for the question the 2nd edition's TCP echo
 * programs ask (AF_UNSPEC, SOCK_STREAM, IPPROTO_TCP, AI_PASSIVE for a server): the text their
 * "getaddrinfo() failed: ..." line must end in, asked of this machine's libc rather than
 * written into the test.
 */
final class Ed2Gai {

    private Ed2Gai() {
    }

    /** gai_strerror() of the failure for host (null: a server's NULL) and service; fails the test if it succeeds. */
    static String failure(String host, String service) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hints = addrinfo.allocate(arena);
            memset(hints, 0, addrinfo.sizeof());
            addrinfo.ai_family(hints, AF_UNSPEC());
            addrinfo.ai_flags(hints, host == null ? AI_PASSIVE() : 0);
            addrinfo.ai_socktype(hints, SOCK_STREAM());
            addrinfo.ai_protocol(hints, IPPROTO_TCP());
            MemorySegment res = arena.allocate(C_POINTER);
            int rc = getaddrinfo(host == null ? MemorySegment.NULL : arena.allocateFrom(host),
                    arena.allocateFrom(service), hints, res);
            if (rc == 0) {
                freeaddrinfo(res.get(C_POINTER, 0));
                throw new AssertionError("getaddrinfo(" + host + ", " + service + ") succeeds on this machine");
            }
            return string(gai_strerror(rc));
        }
    }
}
