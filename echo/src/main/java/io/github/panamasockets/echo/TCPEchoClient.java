/* TCPEchoClient.java: sends one word to a TCP echo server and prints what comes back,
 * the Java twin of native/TCPEchoClient.c: the same calls, in the same order.
 * Run it as echo/bin/TCPEchoClient <Server IP> <Echo Word> [<Echo Port>].
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */

public final class TCPEchoClient {

    private TCPEchoClient() {
    }

    static final int RCVBUFSIZE = 32; /* bytes taken from the socket per recv(), counting the added NUL */

    /* printf() and fprintf() are variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF = printf.makeInvoker();             /* printf(fmt) */
    private static final printf PRINTF_S = printf.makeInvoker(C_POINTER);  /* printf(fmt, char *) */
    private static final fprintf FPRINTF_S = fprintf.makeInvoker(C_POINTER); /* fprintf(stream, fmt, char *) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main ends in exit(), so never closed */
        int sock;                                               /* the connected socket */
        MemorySegment echoServAddr = sockaddr_in.allocate(stack); /* where the server is */
        short echoServPort;                                     /* the server's port (C: unsigned short; same 16 bits) */
        MemorySegment servIP;                                   /* the server's IPv4 address as dotted quad */
        MemorySegment echoString;                               /* the word to send */
        MemorySegment echoBuffer = stack.allocate(RCVBUFSIZE);  /* one received chunk plus a terminating NUL */
        int echoStringLen;                                      /* length of the word in bytes (C: unsigned int) */
        int bytesRcvd, totalBytesRcvd;                          /* bytes from the last recv() and from all so far */

        if ((argc < 3) || (argc > 4)) /* address and word are required, port is optional */
        {
            FPRINTF_S.apply(stderr(), C("Usage: %s <Server IP> <Echo Word> [<Echo Port>]\n"),
                            argv[0]);
            exit(1);
        }

        servIP = argv[1];     /* first argument: the server address */
        echoString = argv[2]; /* second argument: the word */

        if (argc == 4)
            echoServPort = (short) atoi(argv[3]); /* a port was given: use it (the cast keeps the low 16 bits, as C's does) */
        else
            echoServPort = 7; /* otherwise the standard echo port */

        /* Ask for an IPv4 stream socket speaking TCP */
        if ((sock = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP())) < 0)
            DieWithError("socket() failed"); /* no descriptor was handed out */

        /* Fill in the server's address */
        memset(echoServAddr, 0, sockaddr_in.sizeof());                     /* clear padding and unused fields */
        sockaddr_in.sin_family(echoServAddr, (short) AF_INET());            /* an IPv4 address */
        in_addr.s_addr(sockaddr_in.sin_addr(echoServAddr), inet_addr(servIP)); /* dotted quad to network order */
        sockaddr_in.sin_port(echoServAddr, htons(echoServPort));            /* port in network byte order */

        /* Open the TCP connection */
        if (connect(sock, echoServAddr, (int) sockaddr_in.sizeof()) < 0)
            DieWithError("connect() failed"); /* e.g. nothing listens on that port */

        echoStringLen = (int) strlen(echoString); /* how many bytes to send and expect back */

        /* Send the whole word at once */
        if (send(sock, echoString, echoStringLen, 0) != echoStringLen)
            DieWithError("send() sent a different number of bytes than expected");

        /* Read the echo until as many bytes came back as were sent */
        totalBytesRcvd = 0;
        PRINTF.apply(C("Received: ")); /* label in front of the echoed text */
        /* C compares as unsigned; both counts are below 2^31 here, so the signed compare is the same */
        while (totalBytesRcvd < echoStringLen)
        {
            /* Take at most one byte less than the buffer, to leave room for the NUL */
            if ((bytesRcvd = (int) recv(sock, echoBuffer, RCVBUFSIZE - 1, 0)) <= 0)
                DieWithError("recv() failed or connection closed prematurely");
            totalBytesRcvd += bytesRcvd;                    /* count what has arrived */
            echoBuffer.set(C_CHAR, bytesRcvd, (byte) '\0'); /* make the chunk a C string */
            PRINTF_S.apply(C("%s"), echoBuffer);            /* as C: the echo is an argument, never a format */
        }

        PRINTF.apply(C("\n")); /* end the output line */

        close(sock); /* done with the connection */
        exit(0);
    }
}
