/* TCPEchoServerSelect.java: a TCP echo server on several ports at once, one select() over
 * them all and the keyboard; a key (or the end of stdin) shuts it down,
 * the Java twin of native/TCPEchoServer-Select.c (a '-' cannot be in a class name).
 * Run it as echo/bin/TCPEchoServer-Select <Timeout (secs.)> <Port 1> ...
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */
import static io.github.panamasockets.echo.DieWithError.DieWithError;                 /* report errno's reason, then quit */
import static io.github.panamasockets.echo.HandleTCPClient.HandleTCPClient;           /* echo one client until it hangs up */
import static io.github.panamasockets.echo.CreateTCPServerSocket.CreateTCPServerSocket; /* socket + bind + listen on a port */
import static io.github.panamasockets.echo.AcceptTCPConnection.AcceptTCPConnection;     /* block for the next client, log it */
import static java.lang.foreign.MemorySegment.NULL;

public final class TCPEchoServerSelect {

    private TCPEchoServerSelect() {
    }

    /* printf() and fprintf() are variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF = printf.makeInvoker();                /* printf(fmt) */
    private static final printf PRINTF_D = printf.makeInvoker(C_INT);         /* printf(fmt, int) */
    private static final printf PRINTF_LD = printf.makeInvoker(C_LONG);       /* printf(fmt, long) */
    private static final fprintf FPRINTF_S = fprintf.makeInvoker(C_POINTER);  /* fprintf(stream, fmt, char *) */
    private static final fprintf FPRINTF_D = fprintf.makeInvoker(C_INT);      /* fprintf(stream, fmt, int) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main ends in exit(), so never closed */
        MemorySegment servSock;                                /* one listening socket a port (C: int *) */
        int maxDescriptor;                                     /* the highest descriptor select() must look at */
        MemorySegment sockSet = fd_set.allocate(stack);        /* the descriptors select() watches, then the ready ones */
        long timeout;                                          /* seconds of quiet before saying so, from the command line */
        MemorySegment selTimeout = timeval.allocate(stack);    /* select()'s copy of the timeout; it may change it */
        int running = 1;                                       /* 1 until a key asks to shut down */
        int noPorts;                                           /* how many ports are on the command line */
        int port;                                              /* index over the ports */
        short portNo;                                          /* one port number (C: unsigned short; same 16 bits) */
        int status;                                            /* what select() returned */

        if (argc < 3) /* a timeout and at least one port */
        {
            FPRINTF_S.apply(stderr(), C("Usage:  %s <Timeout (secs.)> <Port 1> ...\n"), argv[0]);
            exit(1);
        }

        timeout = atol(argv[1]); /* first argument: the timeout */
        noPorts = argc - 2;      /* every other argument is a port */


        /* One descriptor a port */
        if ((servSock = malloc(noPorts * C_INT.byteSize())).equals(NULL))
            DieWithError("malloc() failed"); /* Book bug fixed: malloc()'s NULL was not checked */
        servSock = servSock.reinterpret(noPorts * C_INT.byteSize()); /* a pointer from C has no size: give it the array's */
        maxDescriptor = -1; /* no socket yet: any descriptor is higher */

        for (port = 0; port < noPorts; port++) /* a listening socket for each port */
        {
            portNo = (short) atoi(argv[port + 2]); /* skip the program name and the timeout (the cast keeps the low 16 bits, as C's does) */

            servSock.setAtIndex(C_INT, port, CreateTCPServerSocket(portNo)); /* socket, bind and listen in one step */

            /* Book bug fixed: FD_SET() on a descriptor past FD_SETSIZE writes outside the fd_set */
            if (servSock.getAtIndex(C_INT, port) >= FD_SETSIZE())
            {
                FPRINTF_D.apply(stderr(), C("CreateTCPServerSocket() gave a descriptor select() cannot watch (FD_SETSIZE %d)\n"),
                                FD_SETSIZE());
                exit(1);
            }

            if (servSock.getAtIndex(C_INT, port) > maxDescriptor) /* keep the highest for select() */
                maxDescriptor = servSock.getAtIndex(C_INT, port);
        }

        PRINTF.apply(C("Starting server:  Hit return to shutdown\n"));
        while (running != 0) /* until a key is hit */
        {
            /* select() leaves only the ready descriptors in the set: fill it again each time */
            FD_ZERO(sockSet);
            FD_SET(STDIN_FILENO(), sockSet); /* the keyboard */
            for (port = 0; port < noPorts; port++)
                FD_SET(servSock.getAtIndex(C_INT, port), sockSet); /* and every listening socket */

            /* Linux's select() writes the time left into the timeout: set it again each time */
            timeval.tv_sec(selTimeout, timeout); /* whole seconds */
            timeval.tv_usec(selTimeout, 0);      /* and no microseconds */

            /* Sleep until a descriptor is ready or the timeout passes */
            if ((status = select(maxDescriptor + 1, sockSet, NULL, NULL, selTimeout)) == 0)
                PRINTF_LD.apply(C("No echo requests for %ld secs...Server still alive\n"), timeout);
            else if (status < 0) /* Book bug fixed: a failure was taken for ready descriptors */
                DieWithError("select() failed"); /* e.g. a negative timeout: EINVAL */
            else
            {
                if (FD_ISSET(STDIN_FILENO(), sockSet)) /* a key was hit (or stdin ended) */
                {
                    PRINTF.apply(C("Shutting down server\n"));
                    getchar();   /* take the key */
                    running = 0; /* leave the loop after this round */
                }

                for (port = 0; port < noPorts; port++)
                    if (FD_ISSET(servSock.getAtIndex(C_INT, port), sockSet)) /* a client is waiting on this port */
                    {
                        PRINTF_D.apply(C("Request on port %d:  "), port);                   /* AcceptTCPConnection() ends the line */
                        HandleTCPClient(AcceptTCPConnection(servSock.getAtIndex(C_INT, port))); /* serve it to the end */
                    }
            }
        }

        for (port = 0; port < noPorts; port++) /* close every listening socket */
            close(servSock.getAtIndex(C_INT, port));

        free(servSock); /* and release their list */

        exit(0); /* a key ended the server: success */
    }
}
