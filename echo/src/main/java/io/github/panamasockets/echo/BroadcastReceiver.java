/* BroadcastReceiver.java: receives one broadcast datagram on a port and prints it,
 * the Java twin of native/BroadcastReceiver.c: the same calls, in the same order.
 * Run it as echo/bin/BroadcastReceiver <Broadcast Port>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */
import static java.lang.foreign.MemorySegment.NULL;

public final class BroadcastReceiver {

    private BroadcastReceiver() {
    }

    static final int MAXRECVSTRING = 255; /* the longest string taken from a datagram */

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
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main ends in exit(), so never closed */
        int sock;                                                     /* the datagram socket */
        MemorySegment broadcastAddr = sockaddr_in.allocate(stack);    /* the local address to bind */
        short broadcastPort;                                          /* the port the senders send to (C: unsigned short; same 16 bits) */
        MemorySegment recvString = stack.allocate(MAXRECVSTRING + 1); /* the string, plus the NUL added after it */
        int recvStringLen;                                            /* bytes the datagram gave */

        if (argc != 2) /* the port is the one argument */
        {
            FPRINTF_S.apply(stderr(), C("Usage: %s <Broadcast Port>\n"), argv[0]);
            exit(1);
        }

        broadcastPort = (short) atoi(argv[1]); /* first argument: the port (the cast keeps the low 16 bits, as C's does) */

        /* Ask for an IPv4 datagram socket speaking UDP */
        if ((sock = socket(PF_INET(), SOCK_DGRAM(), IPPROTO_UDP())) < 0)
            DieWithError("socket() failed"); /* no descriptor was handed out */

        /* Fill in the local address: the port on every interface */
        memset(broadcastAddr, 0, sockaddr_in.sizeof());                          /* clear padding and unused fields */
        sockaddr_in.sin_family(broadcastAddr, (short) AF_INET());                /* an IPv4 address */
        in_addr.s_addr(sockaddr_in.sin_addr(broadcastAddr), htonl(INADDR_ANY())); /* a broadcast arrives on any interface */
        sockaddr_in.sin_port(broadcastAddr, htons(broadcastPort));               /* port in network byte order */

        /* Take the port */
        if (bind(sock, broadcastAddr, (int) sockaddr_in.sizeof()) < 0)
            DieWithError("bind() failed"); /* e.g. another socket has it */

        /* Wait for one datagram; at most MAXRECVSTRING bytes, so the NUL still fits */
        if ((recvStringLen = (int) recvfrom(sock, recvString, MAXRECVSTRING, 0, NULL, NULL)) < 0)
            DieWithError("recvfrom() failed");

        recvString.set(C_CHAR, recvStringLen, (byte) '\0'); /* make the datagram a C string */
        PRINTF_S.apply(C("Received: %s\n"), recvString);    /* as a %s argument, never a format */

        close(sock); /* done with the socket */
        exit(0);
    }
}
