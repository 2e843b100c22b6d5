/* UDPEchoServer.java: a UDP echo server that returns every datagram to its sender, forever,
 * the Java twin of native/UDPEchoServer.c: the same calls, in the same order.
 * Run it as echo/bin/UDPEchoServer <UDP SERVER PORT>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */

public final class UDPEchoServer {

    private UDPEchoServer() {
    }

    static final int ECHOMAX = 255; /* the longest datagram echoed; a longer one is cut to this */

    /* printf() and fprintf() are variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF_S = printf.makeInvoker(C_POINTER);    /* printf(fmt, char *) */
    private static final fprintf FPRINTF_S = fprintf.makeInvoker(C_POINTER); /* fprintf(stream, fmt, char *) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main never returns, so never closed */
        int sock;                                                 /* the datagram socket */
        MemorySegment echoServAddr = sockaddr_in.allocate(stack); /* our own address */
        MemorySegment echoClntAddr = sockaddr_in.allocate(stack); /* the sender of the last datagram */
        MemorySegment cliAddrLen = stack.allocate(socklen_t);     /* socklen_t, as recvfrom() takes it */
        MemorySegment echoBuffer = stack.allocate(ECHOMAX);       /* one datagram on its way back (never printed: no NUL needed) */
        short echoServPort;                                       /* port to receive on (C: unsigned short; same 16 bits) */
        int recvMsgSize;                                          /* bytes in the last datagram */

        if (argc != 2) /* exactly one argument: the port */
        {
            FPRINTF_S.apply(stderr(), C("Usage: %s <UDP SERVER PORT>\n"), argv[0]);
            exit(1);
        }

        echoServPort = (short) atoi(argv[1]); /* the only argument is the port (the cast keeps the low 16 bits, as C's does) */

        /* Ask for an IPv4 datagram socket speaking UDP */
        if ((sock = socket(PF_INET(), SOCK_DGRAM(), IPPROTO_UDP())) < 0)
            DieWithError("socket() failed"); /* no descriptor was handed out */

        /* Fill in the local address */
        memset(echoServAddr, 0, sockaddr_in.sizeof());                         /* clear padding and unused fields */
        sockaddr_in.sin_family(echoServAddr, (short) AF_INET());                /* an IPv4 address */
        in_addr.s_addr(sockaddr_in.sin_addr(echoServAddr), htonl(INADDR_ANY())); /* receive on all local interfaces */
        sockaddr_in.sin_port(echoServAddr, htons(echoServPort));                /* port in network byte order */

        /* Claim the port */
        if (bind(sock, echoServAddr, (int) sockaddr_in.sizeof()) < 0)
            DieWithError("bind() failed"); /* e.g. the port is already taken */

        for (;;) /* echo datagrams one after another, never stopping */
        {
            /* recvfrom() reads this as the room available and writes back the size used */
            cliAddrLen.set(socklen_t, 0, (int) sockaddr_in.sizeof());

            /* Block until a datagram arrives */
            if ((recvMsgSize = (int) recvfrom(sock, echoBuffer, ECHOMAX, 0,
                                              echoClntAddr, cliAddrLen)) < 0)
                DieWithError("recvfrom() failed"); /* no datagram was delivered */

            PRINTF_S.apply(C("Handling client %s\n"), inet_ntoa(sockaddr_in.sin_addr(echoClntAddr))); /* dotted-quad sender address */

            /* Send the same bytes back to where they came from */
            if (sendto(sock, echoBuffer, recvMsgSize, 0, echoClntAddr,
                       (int) sockaddr_in.sizeof()) != recvMsgSize)
                DieWithError("sendto() sent a different number of bytes than expected");
        }
        /* never gets here */
    }
}
