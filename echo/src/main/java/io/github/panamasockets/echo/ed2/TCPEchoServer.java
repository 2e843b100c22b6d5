/* TCPEchoServer.java: an iterative TCP echo server for a port or service name, on the first
 * local address getaddrinfo() offers that binds (IPv4 or IPv6), serving one client at a time,
 * the Java twin of native/ed2/TCPEchoServer.c: the same calls, in the same order.
 * Run it as echo/bin/ed2/TCPEchoServer <Server Port/Service>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage;          /* report msg: detail, then quit */
import static io.github.panamasockets.echo.ed2.TCPServerUtility.AcceptTCPConnection;       /* the next client, printed */
import static io.github.panamasockets.echo.ed2.TCPServerUtility.HandleTCPClient;           /* echo one client until it hangs up */
import static io.github.panamasockets.echo.ed2.TCPServerUtility.SetupTCPServerSocket;      /* a listening socket, any family */

public final class TCPEchoServer {

    private TCPEchoServer() {
    }

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        if (argc != 2) /* exactly one argument: the port or service */
            DieWithUserMessage(C("Parameter(s)"), C("<Server Port/Service>"));

        MemorySegment service = argv[1]; /* the only argument: a port number or a service name */


        /* A socket listening for clients, of whichever family bound first */
        int servSock = SetupTCPServerSocket(service);
        if (servSock < 0)
            DieWithUserMessage(C("SetupTCPServerSocket() failed"), service); /* no address bound */

        for (;;) /* serve clients one after another, never stopping */
        {
            /* Block until a client connects, and say who it is */
            int clntSock = AcceptTCPConnection(servSock);

            HandleTCPClient(clntSock); /* echo until the client closes; closes clntSock */
            /* Book bug fixed, as in the C file: no second close(clntSock) */
        }
        /* never gets here */
    }
}
