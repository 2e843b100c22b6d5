/* BroadcastSender.java: sends a string to a broadcast address every 3 seconds, forever,
 * the Java twin of native/BroadcastSender.c: the same calls, in the same order.
 * Run it as echo/bin/BroadcastSender <IP Address> <Port> <Send String>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */

public final class BroadcastSender {

    private BroadcastSender() {
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
        int sock;                                                     /* the datagram socket */
        MemorySegment broadcastAddr = sockaddr_in.allocate(stack);    /* where every datagram goes */
        MemorySegment broadcastIP;                                    /* the broadcast address as dotted quad */
        short broadcastPort;                                          /* the receivers' port (C: unsigned short; same 16 bits) */
        MemorySegment sendString;                                     /* the string to broadcast */
        MemorySegment broadcastPermission = stack.allocate(C_INT);    /* the value of SO_BROADCAST: 1 turns it on */
        int sendStringLen;                                            /* length of the string in bytes (C: unsigned int) */

        if (argc < 4) /* address, port and string are required; more are ignored, as in the book */
        {
            FPRINTF_S.apply(stderr(), C("Usage:  %s <IP Address> <Port> <Send String>\n"), argv[0]);
            exit(1);
        }

        broadcastIP = argv[1];                 /* first argument: the broadcast address */
        broadcastPort = (short) atoi(argv[2]); /* second argument: the port (the cast keeps the low 16 bits, as C's does) */
        sendString = argv[3];                  /* third argument: the string */

        /* Ask for an IPv4 datagram socket speaking UDP */
        if ((sock = socket(PF_INET(), SOCK_DGRAM(), IPPROTO_UDP())) < 0)
            DieWithError("socket() failed"); /* no descriptor was handed out */

        /* The kernel refuses to send to a broadcast address unless the socket asks for it */
        broadcastPermission.set(C_INT, 0, 1);
        if (setsockopt(sock, SOL_SOCKET(), SO_BROADCAST(), broadcastPermission,
                       (int) broadcastPermission.byteSize()) < 0)
            DieWithError("setsockopt() failed");

        /* Fill in the broadcast address */
        memset(broadcastAddr, 0, sockaddr_in.sizeof());           /* clear padding and unused fields */
        sockaddr_in.sin_family(broadcastAddr, (short) AF_INET()); /* an IPv4 address */
        /* Book bug fixed (as in C): inet_addr() answers a malformed address with INADDR_NONE, which
         * is 255.255.255.255, the broadcast on every interface; inet_aton() tells the two apart */
        if (inet_aton(broadcastIP, sockaddr_in.sin_addr(broadcastAddr)) == 0)
        {
            FPRINTF_S.apply(stderr(), C("Invalid IP address: %s\n"), broadcastIP); /* errno says nothing here */
            exit(1);
        }
        sockaddr_in.sin_port(broadcastAddr, htons(broadcastPort)); /* port in network byte order */

        sendStringLen = (int) strlen(sendString); /* the datagram carries no NUL */
        for (;;) /* until killed */
        {
            /* One datagram to every receiver on the port, then a pause */
            if (sendto(sock, sendString, sendStringLen, 0, broadcastAddr,
                       (int) sockaddr_in.sizeof()) != sendStringLen)
                DieWithError("sendto() sent a different number of bytes than expected");

            sleep(3); /* not to flood the network */
        }
        /* never reached */
    }
}
