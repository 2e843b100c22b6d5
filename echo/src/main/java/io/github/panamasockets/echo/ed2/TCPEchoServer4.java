/* TCPEchoServer4.java: an iterative TCP echo server on every local IPv4 address, serving one
 * client at a time, the Java twin of native/ed2/TCPEchoServer4.c: the same calls, in the same order.
 * Run it as echo/bin/ed2/TCPEchoServer4 <Server Port>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithSystemMessage; /* report errno's reason, then quit */
import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage;   /* report msg: detail, then quit */
import static io.github.panamasockets.echo.ed2.TCPServerUtility.HandleTCPClient;    /* echo one client until it hangs up */
import static java.lang.foreign.MemorySegment.NULL;

public final class TCPEchoServer4 {

    private TCPEchoServer4() {
    }

    static final int MAXPENDING = 5; /* queue length for connections not yet accepted */

    /* printf() is variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF_S_D = printf.makeInvoker(C_POINTER, C_INT); /* printf(fmt, char *, int) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main never returns, so never closed */

        if (argc != 2) /* exactly one argument: the port */
            DieWithUserMessage(C("Parameter(s)"), C("<Server Port>"));

        short servPort = (short) atoi(argv[1]); /* the only argument is the port (C: in_port_t; the cast keeps the low 16 bits, as C's does) */


        /* Ask for an IPv4 stream socket speaking TCP */
        int servSock; /* the listening socket */
        if ((servSock = socket(AF_INET(), SOCK_STREAM(), IPPROTO_TCP())) < 0)
            DieWithSystemMessage(C("socket() failed")); /* no descriptor was handed out */

        /* Fill in the local address */
        MemorySegment servAddr = sockaddr_in.allocate(stack);                  /* our own address */
        memset(servAddr, 0, sockaddr_in.sizeof());                             /* clear padding and unused fields */
        sockaddr_in.sin_family(servAddr, (short) AF_INET());                    /* an IPv4 address */
        in_addr.s_addr(sockaddr_in.sin_addr(servAddr), htonl(INADDR_ANY()));   /* accept on all local interfaces */
        sockaddr_in.sin_port(servAddr, htons(servPort));                       /* port in network byte order */

        /* Claim the port */
        if (bind(servSock, servAddr, (int) sockaddr_in.sizeof()) < 0)
            DieWithSystemMessage(C("bind() failed")); /* e.g. the port is already taken */

        /* Let clients queue up on the socket */
        if (listen(servSock, MAXPENDING) < 0)
            DieWithSystemMessage(C("listen() failed")); /* the socket cannot be made passive */

        for (;;) /* serve clients one after another, never stopping */
        {
            try (Arena block = Arena.ofConfined()) /* the loop body's block, where C's clntAddr and clntName live */
            {
                MemorySegment clntAddr = sockaddr_in.allocate(block);     /* the connected client's address */
                MemorySegment clntAddrLen = block.allocate(socklen_t);    /* in: the room; out: the size used */
                clntAddrLen.set(socklen_t, 0, (int) sockaddr_in.sizeof());

                /* Block until a client connects */
                int clntSock = accept(servSock, clntAddr, clntAddrLen);
                if (clntSock < 0)
                    DieWithSystemMessage(C("accept() failed")); /* no connection was handed over */

                /* clntSock now talks to the client */

                MemorySegment clntName = block.allocate(INET_ADDRSTRLEN()); /* the client's address as dotted quad */
                if (!inet_ntop(AF_INET(), sockaddr_in.sin_addr(clntAddr), clntName,
                               (int) clntName.byteSize()).equals(NULL))
                    PRINTF_S_D.apply(C("Handling client %s/%d\n"), clntName,
                                     Short.toUnsignedInt(ntohs(sockaddr_in.sin_port(clntAddr)))); /* address/port (C promotes in_port_t to int) */
                else
                    puts(C("Unable to get client address")); /* cannot happen for an IPv4 peer */

                HandleTCPClient(clntSock); /* echo until the client closes; closes clntSock */
            }
        }
        /* never gets here */
    }
}
