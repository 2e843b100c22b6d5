/* TCPClientUtility.java: a TCP socket connected to a server named by host and service,
 * whichever address family getaddrinfo() finds it at,
 * the Java twin of native/ed2/TCPClientUtility.c: the same calls, in the same order.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage; /* report msg: detail, then quit */
import static java.lang.foreign.MemorySegment.NULL;

final class TCPClientUtility {

    private TCPClientUtility() {
    }

    /* host and service: C strings (argv[i], or C("literal")) */
    static int SetupTCPClientSocket(MemorySegment host, MemorySegment service)
    {
        try (Arena stack = Arena.ofConfined()) /* this call's stack frame */
        {
            /* Say which kinds of address are wanted */
            MemorySegment addrCriteria = addrinfo.allocate(stack); /* what the addresses must be */
            memset(addrCriteria, 0, addrinfo.sizeof());            /* no flags, no other constraint */
            addrinfo.ai_family(addrCriteria, AF_UNSPEC());         /* IPv4 or IPv6, whichever the host has */
            addrinfo.ai_socktype(addrCriteria, SOCK_STREAM());     /* stream sockets only */
            addrinfo.ai_protocol(addrCriteria, IPPROTO_TCP());     /* speaking TCP */

            /* Look up the server's addresses */
            MemorySegment servAddr = stack.allocate(C_POINTER); /* &servAddr: where getaddrinfo() puts its list */
            int rtnVal = getaddrinfo(host, service, addrCriteria, servAddr);
            if (rtnVal != 0)
                DieWithUserMessage(C("getaddrinfo() failed"), gai_strerror(rtnVal)); /* getaddrinfo() sets no errno */

            int sock = -1; /* stays -1 unless some address connects */
            for (MemorySegment addr = servAddr.get(C_POINTER, 0); !addr.equals(NULL); addr = addrinfo.ai_next(addr))
            {
                /* A stream socket of this address's family */
                sock = socket(addrinfo.ai_family(addr), addrinfo.ai_socktype(addr), addrinfo.ai_protocol(addr));
                if (sock < 0)
                    continue; /* e.g. no IPv6 here: try the next address */

                /* Try to reach the server at this address */
                if (connect(sock, addrinfo.ai_addr(addr), addrinfo.ai_addrlen(addr)) == 0)
                    break; /* connected: this is the socket to return */

                close(sock); /* refused or unreachable: give the descriptor back */
                sock = -1;   /* and try the next address */
            }

            freeaddrinfo(servAddr.get(C_POINTER, 0)); /* the list is not needed any more */
            return sock;                              /* connected, or -1: the caller reports it */
        }
    }
}
