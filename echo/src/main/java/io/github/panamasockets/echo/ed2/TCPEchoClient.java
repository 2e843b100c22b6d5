/* TCPEchoClient.java: sends one word to a TCP echo server named by address or host name, over
 * IPv4 or IPv6, and prints what comes back,
 * the Java twin of native/ed2/TCPEchoClient.c: the same calls, in the same order.
 * Run it as echo/bin/ed2/TCPEchoClient <Server Address/Name> <Echo Word> [<Server Port/Service>].
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithSystemMessage;       /* report errno's reason, then quit */
import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage;         /* report msg: detail, then quit */
import static io.github.panamasockets.echo.ed2.Practical.BUFSIZE;
import static io.github.panamasockets.echo.ed2.TCPClientUtility.SetupTCPClientSocket; /* a connected socket, any family */

public final class TCPEchoClient {

    private TCPEchoClient() {
    }

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        if (argc < 3 || argc > 4) /* server and word are required, service is optional */
            DieWithUserMessage(C("Parameter(s)"),
                               C("<Server Address/Name> <Echo Word> [<Server Port/Service>]"));

        MemorySegment server = argv[1];     /* first argument: the server's address or host name */
        MemorySegment echoString = argv[2]; /* second argument: the word */
        /* third argument, optional: the port or service name; "echo" is port 7 */
        MemorySegment service = (argc == 4) ? argv[3] : C("echo");


        /* A TCP socket connected to the server, over whichever family reached it */
        int sock = SetupTCPClientSocket(server, service);
        if (sock < 0)
            DieWithUserMessage(C("SetupTCPClientSocket() failed"), C("unable to connect")); /* no address connected */

        long echoStringLen = strlen(echoString); /* how many bytes to send and expect back (C: size_t) */

        /* Send the whole word at once */
        long numBytes = send(sock, echoString, echoStringLen, 0);
        if (numBytes < 0)
            DieWithSystemMessage(C("send() failed")); /* errno says why */
        else if (numBytes != echoStringLen) /* as C's size_t compare: numBytes is not negative here */
            DieWithUserMessage(C("send()"), C("sent unexpected number of bytes")); /* a short send: no errno */

        /* Read the echo until as many bytes came back as were sent */
        int totalBytesRcvd = 0;           /* bytes received so far (C: unsigned int) */
        fputs(C("Received: "), stdout()); /* label in front of the echoed text */
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
                totalBytesRcvd += (int) numBytes;          /* count what has arrived */
                buffer.set(C_CHAR, numBytes, (byte) '\0'); /* make the chunk a C string */
                fputs(buffer, stdout());                   /* the echo as text, never as a format */
            }
        }

        fputc('\n', stdout()); /* end the output line */

        close(sock); /* done with the connection */
        exit(0);
    }
}
