/* CreateTCPServerSocket.java: makes a TCP socket listening on a given port on every interface,
 * the Java twin of native/CreateTCPServerSocket.c.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */

final class CreateTCPServerSocket {

    private CreateTCPServerSocket() {
    }

    static final int MAXPENDING = 5; /* queue length for connections not yet accepted */

    static int CreateTCPServerSocket(short port)
    {
        try (Arena stack = Arena.ofConfined()) /* this call's stack frame */
        {
            int sock;                                                 /* the listening socket being built */
            MemorySegment echoServAddr = sockaddr_in.allocate(stack); /* the address we bind to */

            /* Ask for an IPv4 stream socket speaking TCP */
            if ((sock = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP())) < 0)
                DieWithError("socket() failed"); /* no descriptor was handed out */

            /* Fill in the local address */
            memset(echoServAddr, 0, sockaddr_in.sizeof());                         /* clear padding and unused fields */
            sockaddr_in.sin_family(echoServAddr, (short) AF_INET());                /* an IPv4 address */
            in_addr.s_addr(sockaddr_in.sin_addr(echoServAddr), htonl(INADDR_ANY())); /* accept on all local interfaces */
            sockaddr_in.sin_port(echoServAddr, htons(port));                        /* port in network byte order */

            /* Claim the port */
            if (bind(sock, echoServAddr, (int) sockaddr_in.sizeof()) < 0)
                DieWithError("bind() failed"); /* e.g. the port is already taken */

            /* Let clients queue up on the socket */
            if (listen(sock, MAXPENDING) < 0)
                DieWithError("listen() failed"); /* the socket cannot be made passive */

            return sock; /* ready for accept() */
        }
    }
}
