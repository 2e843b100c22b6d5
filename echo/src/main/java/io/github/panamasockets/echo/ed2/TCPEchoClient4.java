/* TCPEchoClient4.java: sends one word to a TCP echo server at an IPv4 address and prints what
 * comes back, the Java twin of native/ed2/TCPEchoClient4.c: the same calls, in the same order.
 * Run it as echo/bin/ed2/TCPEchoClient4 <Server Address> <Echo Word> [<Server Port>].
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithSystemMessage; /* report errno's reason, then quit */
import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage;   /* report msg: detail, then quit */
import static io.github.panamasockets.echo.ed2.Practical.BUFSIZE;

public final class TCPEchoClient4 {

    private TCPEchoClient4() {
    }

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main ends in exit(), so never closed */

        if (argc < 3 || argc > 4) /* address and word are required, port is optional */
            DieWithUserMessage(C("Parameter(s)"),
                               C("<Server Address> <Echo Word> [<Server Port>]"));

        MemorySegment servIP = argv[1];     /* first argument: the server's IPv4 address, dotted quad */
        MemorySegment echoString = argv[2]; /* second argument: the word */

        /* third argument, optional: the port (a number); 7 is the standard echo port
         * (C: in_port_t; the cast keeps the low 16 bits, as C's conversion does) */
        short servPort = (argc == 4) ? (short) atoi(argv[3]) : 7;


        /* Ask for an IPv4 stream socket speaking TCP */
        int sock = socket(AF_INET(), SOCK_STREAM(), IPPROTO_TCP());
        if (sock < 0)
            DieWithSystemMessage(C("socket() failed")); /* no descriptor was handed out */

        /* Fill in the server's address */
        MemorySegment servAddr = sockaddr_in.allocate(stack);   /* where the server is */
        memset(servAddr, 0, sockaddr_in.sizeof());              /* clear padding and unused fields */
        sockaddr_in.sin_family(servAddr, (short) AF_INET());     /* an IPv4 address */
        /* dotted quad to network order; 0 means the text is no IPv4 address (errno untouched) */
        int rtnVal = inet_pton(AF_INET(), servIP, sockaddr_in.sin_addr(servAddr));
        if (rtnVal == 0)
            DieWithUserMessage(C("inet_pton() failed"), C("invalid address string")); /* e.g. ::1 or 999.1.1.1 */
        else if (rtnVal < 0)
            DieWithSystemMessage(C("inet_pton() failed")); /* only for an unknown family: EAFNOSUPPORT */
        sockaddr_in.sin_port(servAddr, htons(servPort)); /* port in network byte order */

        /* Open the TCP connection */
        if (connect(sock, servAddr, (int) sockaddr_in.sizeof()) < 0)
            DieWithSystemMessage(C("connect() failed")); /* e.g. nothing listens on that port */

        long echoStringLen = strlen(echoString); /* how many bytes to send and expect back (C: size_t) */

        /* Send the whole word at once */
        long numBytes = send(sock, echoString, echoStringLen, 0);
        if (numBytes < 0)
            DieWithSystemMessage(C("send() failed")); /* errno says why */
        else if (numBytes != echoStringLen) /* as C's size_t compare: numBytes is not negative here */
            DieWithUserMessage(C("send()"), C("sent unexpected number of bytes")); /* a short send: no errno */

        /* Read the echo until as many bytes came back as were sent */
        int totalBytesRcvd = 0;            /* bytes received so far (C: unsigned int) */
        fputs(C("Received: "), stdout());  /* label in front of the echoed text */
        while (Integer.toUnsignedLong(totalBytesRcvd) < echoStringLen) /* C converts it to size_t: unsigned */
        {
            try (Arena block = Arena.ofConfined()) /* the loop body's block, where C's buffer lives */
            {
                MemorySegment buffer = block.allocate(BUFSIZE); /* one received chunk plus a terminating NUL */
                /* Take at most one byte less than the buffer, to leave room for the NUL */
                numBytes = recv(sock, buffer, BUFSIZE - 1, 0);
                if (numBytes < 0)
                    DieWithSystemMessage(C("recv() failed")); /* errno says why */
                else if (numBytes == 0)
                    DieWithUserMessage(C("recv()"), C("connection closed prematurely")); /* the server hung up early */
                totalBytesRcvd += (int) numBytes;           /* count what has arrived */
                buffer.set(C_CHAR, numBytes, (byte) '\0');  /* make the chunk a C string */
                fputs(buffer, stdout());                    /* the echo as text, never as a format */
            }
        }

        fputc('\n', stdout()); /* end the output line */

        close(sock); /* done with the connection */
        exit(0);
    }
}
