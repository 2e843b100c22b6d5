/* TCPEchoServer.java: an iterative TCP echo server that serves one client at a time,
 * the Java twin of native/TCPEchoServer.c: the same calls, in the same order.
 * Run it as echo/bin/TCPEchoServer <Server Port>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.DieWithError.DieWithError;       /* report errno's reason, then quit */
import static io.github.panamasockets.echo.HandleTCPClient.HandleTCPClient; /* echo one client until it hangs up */

public final class TCPEchoServer {

    private TCPEchoServer() {
    }

    static final int MAXPENDING = 5; /* queue length for connections not yet accepted */

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
        int servSock;                                             /* the listening socket */
        int clntSock;                                             /* the socket of the client being served */
        MemorySegment echoServAddr = sockaddr_in.allocate(stack); /* our own address */
        MemorySegment echoClntAddr = sockaddr_in.allocate(stack); /* the connected client's address */
        short echoServPort;                                       /* port to listen on (C: unsigned short; same 16 bits) */
        MemorySegment clntLen = stack.allocate(socklen_t);        /* socklen_t, as accept() takes it */

        if (argc != 2) /* exactly one argument: the port */
        {
            FPRINTF_S.apply(stderr(), C("Usage: %s <Server Port>\n"), argv[0]);
            exit(1);
        }

        echoServPort = (short) atoi(argv[1]); /* the only argument is the port (the cast keeps the low 16 bits, as C's does) */


        /* Ask for an IPv4 stream socket speaking TCP */
        if ((servSock = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP())) < 0)
            DieWithError("socket() failed"); /* no descriptor was handed out */

        /* Fill in the local address */
        memset(echoServAddr, 0, sockaddr_in.sizeof());                         /* clear padding and unused fields */
        sockaddr_in.sin_family(echoServAddr, (short) AF_INET());                /* an IPv4 address */
        in_addr.s_addr(sockaddr_in.sin_addr(echoServAddr), htonl(INADDR_ANY())); /* accept on all local interfaces */
        sockaddr_in.sin_port(echoServAddr, htons(echoServPort));                /* port in network byte order */

        /* Claim the port */
        if (bind(servSock, echoServAddr, (int) sockaddr_in.sizeof()) < 0)
            DieWithError("bind() failed"); /* e.g. the port is already taken */

        /* Let clients queue up on the socket */
        if (listen(servSock, MAXPENDING) < 0)
            DieWithError("listen() failed"); /* the socket cannot be made passive */

        for (;;) /* serve clients one after another, never stopping */
        {
            /* accept() reads this as the room available and writes back the size used */
            clntLen.set(socklen_t, 0, (int) sockaddr_in.sizeof());

            /* Block until a client connects */
            if ((clntSock = accept(servSock, echoClntAddr,
                                   clntLen)) < 0)
                DieWithError("accept() failed"); /* no connection was handed over */

            /* clntSock now talks to the client */

            PRINTF_S.apply(C("Handling client %s\n"), inet_ntoa(sockaddr_in.sin_addr(echoClntAddr))); /* dotted-quad peer address */

            HandleTCPClient(clntSock); /* echo until the client closes; closes clntSock */
        }
        /* never gets here */
    }
}
