/* MulticastReceiver.java: joins a multicast group, receives one datagram and prints it,
 * the Java twin of native/MulticastReceiver.c: the same calls, in the same order.
 * Run it as echo/bin/MulticastReceiver <Multicast IP> <Multicast Port>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */
import static java.lang.foreign.MemorySegment.NULL;

public final class MulticastReceiver {

    private MulticastReceiver() {
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
        MemorySegment multicastAddr = sockaddr_in.allocate(stack);    /* the local address to bind */
        MemorySegment multicastIP;                                    /* the group's address as dotted quad */
        short multicastPort;                                          /* the port the senders send to (C: unsigned short; same 16 bits) */
        MemorySegment recvString = stack.allocate(MAXRECVSTRING + 1); /* the string, plus the NUL added after it */
        int recvStringLen;                                            /* bytes the datagram gave */
        MemorySegment multicastRequest = ip_mreq.allocate(stack);     /* which group to join, on which interface */

        if (argc != 3) /* the group and the port are the two arguments */
        {
            FPRINTF_S.apply(stderr(), C("Usage: %s <Multicast IP> <Multicast Port>\n"), argv[0]);
            exit(1);
        }

        multicastIP = argv[1];                 /* first argument: the group */
        multicastPort = (short) atoi(argv[2]); /* second argument: the port (the cast keeps the low 16 bits, as C's does) */

        /* Ask for an IPv4 datagram socket speaking UDP */
        if ((sock = socket(PF_INET(), SOCK_DGRAM(), IPPROTO_UDP())) < 0)
            DieWithError("socket() failed"); /* no descriptor was handed out */

        /* Fill in the local address: the port on every interface */
        memset(multicastAddr, 0, sockaddr_in.sizeof());                          /* clear padding and unused fields */
        sockaddr_in.sin_family(multicastAddr, (short) AF_INET());                /* an IPv4 address */
        in_addr.s_addr(sockaddr_in.sin_addr(multicastAddr), htonl(INADDR_ANY())); /* the group's datagrams arrive on any interface */
        sockaddr_in.sin_port(multicastAddr, htons(multicastPort));               /* port in network byte order */

        /* Take the port */
        if (bind(sock, multicastAddr, (int) sockaddr_in.sizeof()) < 0)
            DieWithError("bind() failed"); /* e.g. another socket has it */

        /* Join the group: the kernel then passes its datagrams to this host */
        in_addr.s_addr(ip_mreq.imr_multiaddr(multicastRequest), inet_addr(multicastIP));   /* the group */
        in_addr.s_addr(ip_mreq.imr_interface(multicastRequest), htonl(INADDR_ANY()));      /* the interface the route to it names */
        if (setsockopt(sock, IPPROTO_IP(), IP_ADD_MEMBERSHIP(), multicastRequest,
                       (int) ip_mreq.sizeof()) < 0)
            DieWithError("setsockopt() failed"); /* e.g. not a multicast address, or no route to it */

        /* Wait for one datagram; at most MAXRECVSTRING bytes, so the NUL still fits */
        if ((recvStringLen = (int) recvfrom(sock, recvString, MAXRECVSTRING, 0, NULL, NULL)) < 0)
            DieWithError("recvfrom() failed");

        recvString.set(C_CHAR, recvStringLen, (byte) '\0'); /* make the datagram a C string */
        PRINTF_S.apply(C("Received: %s\n"), recvString);    /* as a %s argument, never a format */

        close(sock); /* done with the socket */
        exit(0);
    }
}
