/* MulticastSender.java: sends a string to a multicast group every 3 seconds, forever,
 * the Java twin of native/MulticastSender.c: the same calls, in the same order.
 * Run it as echo/bin/MulticastSender <Multicast Address> <Port> <Send String> [<TTL>].
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */

public final class MulticastSender {

    private MulticastSender() {
    }

    /* fprintf() is variadic: one invoker a shape of arguments, linked once */
    private static final fprintf FPRINTF_S = fprintf.makeInvoker(C_POINTER); /* fprintf(stream, fmt, char *) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main never returns, so never closed */
        int sock;                                                   /* the datagram socket */
        MemorySegment multicastAddr = sockaddr_in.allocate(stack);  /* the group and port every datagram goes to */
        MemorySegment multicastIP;                                  /* the group's address as dotted quad */
        short multicastPort;                                        /* the receivers' port (C: unsigned short; same 16 bits) */
        MemorySegment sendString;                                   /* the string to multicast */
        MemorySegment multicastTTL = stack.allocate(C_CHAR);        /* how many routers a datagram may cross (C: unsigned char) */
        int sendStringLen;                                          /* length of the string in bytes (C: unsigned int) */

        if ((argc < 4) || (argc > 5)) /* address, port and string are required, TTL is optional */
        {
            FPRINTF_S.apply(stderr(), C("Usage:  %s <Multicast Address> <Port> <Send String> [<TTL>]\n"), argv[0]);
            exit(1);
        }

        multicastIP = argv[1];                 /* first argument: the group */
        multicastPort = (short) atoi(argv[2]); /* second argument: the port (the cast keeps the low 16 bits, as C's does) */
        sendString = argv[3];                  /* third argument: the string */

        if (argc == 5)
            multicastTTL.set(C_CHAR, 0, (byte) atoi(argv[4])); /* a TTL was given: use it (its low 8 bits, as C's conversion) */
        else
            multicastTTL.set(C_CHAR, 0, (byte) 1); /* otherwise stay on the local network */

        /* Ask for an IPv4 datagram socket speaking UDP */
        if ((sock = socket(PF_INET(), SOCK_DGRAM(), IPPROTO_UDP())) < 0)
            DieWithError("socket() failed"); /* no descriptor was handed out */

        /* Set the TTL of the multicast datagrams (the default is 1) */
        if (setsockopt(sock, IPPROTO_IP(), IP_MULTICAST_TTL(), multicastTTL,
                       (int) multicastTTL.byteSize()) < 0)
            DieWithError("setsockopt() failed");

        /* Fill in the group's address. A malformed one is INADDR_NONE, 255.255.255.255: without
         * SO_BROADCAST the kernel refuses to send there, so sendto() below reports it */
        memset(multicastAddr, 0, sockaddr_in.sizeof());                                /* clear padding and unused fields */
        sockaddr_in.sin_family(multicastAddr, (short) AF_INET());                      /* an IPv4 address */
        in_addr.s_addr(sockaddr_in.sin_addr(multicastAddr), inet_addr(multicastIP));   /* dotted quad to network order */
        sockaddr_in.sin_port(multicastAddr, htons(multicastPort));                     /* port in network byte order */

        sendStringLen = (int) strlen(sendString); /* the datagram carries no NUL */
        for (;;) /* until killed */
        {
            /* One datagram to every member of the group, then a pause */
            if (sendto(sock, sendString, sendStringLen, 0, multicastAddr,
                       (int) sockaddr_in.sizeof()) != sendStringLen)
                DieWithError("sendto() sent a different number of bytes than expected");

            sleep(3); /* not to flood the network */
        }
        /* never reached */
    }
}
