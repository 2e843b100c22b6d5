/* TCPEchoServerForkN.java: a TCP echo server that forks a fixed number of children up front,
 * each accepting and serving clients forever, the Java twin of native/TCPEchoServer-ForkN.c
 * (a '-' cannot be in a class name). Run it as echo/bin/TCPEchoServer-ForkN <SERVER PORT> <FORK LIMIT>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.github.panamasockets.JvmFork;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */
import static io.github.panamasockets.echo.DieWithError.DieWithError;                 /* report errno's reason, then quit */
import static io.github.panamasockets.echo.HandleTCPClient.HandleTCPClient;           /* echo one client until it hangs up */
import static io.github.panamasockets.echo.CreateTCPServerSocket.CreateTCPServerSocket; /* socket + bind + listen on a port */
import static io.github.panamasockets.echo.AcceptTCPConnection.AcceptTCPConnection;     /* block for the next client, log it */

public final class TCPEchoServerForkN {

    private TCPEchoServerForkN() {
    }

    /* fprintf() is variadic: one invoker a shape of arguments, linked once (the children's
     * printf is ChildCalls.printf: it allocates nothing) */
    private static final fprintf FPRINTF_S = fprintf.makeInvoker(C_POINTER); /* fprintf(stream, fmt, char *) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        int servSock;       /* the listening socket, shared by every child */
        short echoServPort; /* port to listen on (C: unsigned short; same 16 bits) */
        int processLimit;   /* how many children to make (C: unsigned int; compared as one below) */
        int processCt;      /* children made so far (C: unsigned int) */

        if (argc != 3) /* the port and the number of children */
        {
            FPRINTF_S.apply(stderr(), C("Usage:  %s <SERVER PORT> <FORK LIMIT>\n"), argv[0]);
            exit(1);
        }

        echoServPort = (short) atoi(argv[1]); /* first argument: the port (the cast keeps the low 16 bits, as C's does) */
        processLimit = atoi(argv[2]);         /* second argument: how many children */

        prepareChildPath(); /* Deviation from the C file (see below): its thread made before socket() */

        servSock = CreateTCPServerSocket(echoServPort); /* socket, bind and listen in one step */

        for (processCt = 0; Integer.compareUnsigned(processCt, processLimit) < 0; processCt++)
            /* Deviation from the C file: fork() and the child's branch are a method, ForkChild,
             * that the rehearsal of the child's path runs too (see below) */
            ForkChild(servSock); /* returns in the parent only */

        exit(0); /* the children carry on without the parent */
    }

    /* the loop's body of C's main: a child never returns */
    static void ForkChild(int servSock)
    {
        int processID; /* what fork() returned (pid_t is an int) */

        /* Split into parent and child; a negative result means no child exists */
        if ((processID = fork()) < 0)
            DieWithError("fork() failed"); /* e.g. process limit reached */
        else if (processID == 0) /* zero: we are a child */
        {
            DieWithError.inForkedChild = true; /* Deviation: DieWithError must now end as a child ends (see DieWithError) */
            ProcessMain(servSock); /* never returns */
        }
    }

    static void ProcessMain(int servSock)
    {
        int clntSock; /* the socket of the client being served */

        for (;;) /* serve one client after another, never stopping */
        {
            clntSock = AcceptTCPConnection(servSock);                         /* every child waits in accept() on the same socket */
            ChildCalls.printf(C("with child process: %d\n"), getpid()); /* getpid() is this child's, the syscall's */
            HandleTCPClient(clntSock);                                         /* echo until the client closes; closes clntSock */
            if (JvmFork.rehearsing()) /* Deviation: a rehearsal of the child's path (below) is one turn */
                return;
        }
    }

    /* Deviation from the C file: a child's path, ForkChild and one turn of ProcessMain's loop,
     * rehearsed in the parent once it listens (docs/fork-in-a-jvm.md, "TCPEchoServer-ForkN") */
    static final int REHEARSALS = Integer.getInteger("io.github.panamasockets.fork.rehearsals", 500);

    private static final int CLIENT_GONE = 1;
    private static final int ECHOED = 0;
    private static final int BAD_DESCRIPTOR = 2;

    static void prepareChildPath() {
        if (REHEARSALS <= 0) {
            JvmFork.prepare(); /* a measurement switch: no rehearsal at all */
            return;
        }
        /* its thread made now, before socket(); all of it in main's first fork(), which waits for
         * its end: nothing competes with main on its way to listen(). Each way runs
         * REHEARSALS / 3 times, past the customisation threshold (docs/fork-in-a-jvm.md) */
        JvmFork.rehearseLater(REHEARSALS, childPathRehearsal(ECHOED, CLIENT_GONE, BAD_DESCRIPTOR));
    }

    /** One turn of the child's path a run: a listening socket and a client made ready in one of the three ways, then ForkChild. */
    static Runnable childPathRehearsal() {
        return childPathRehearsal(ECHOED, CLIENT_GONE, BAD_DESCRIPTOR);
    }

    /** The same, the runs made ready in these ways, in turn. */
    static Runnable childPathRehearsal(int... ways) {
        Arena arena = Arena.ofAuto(); /* used on JvmFork's rehearsal thread */
        MemorySegment address = arena.allocate(sockaddr_un.layout());
        MemorySegment length = arena.allocate(socklen_t);
        MemorySegment message = arena.allocate(HandleTCPClient.RCVBUFSIZE * 3);
        int[] round = {0};
        return () -> {
            int way = ways[round[0]++ % ways.length];
            int listener = -1;
            int client = -1;
            if (way != BAD_DESCRIPTOR) {
                /* the gone client's sockets are SOCK_SEQPACKET: send() to it fails with EPIPE as on a
                 * stream, but raises no SIGPIPE (the kernel raises it for stream sockets only), which
                 * a tracer would show among the program's calls */
                int type = way == CLIENT_GONE ? SOCK_SEQPACKET() : SOCK_STREAM();
                listener = socket(AF_UNIX(), type, 0);
                sockaddr_un.sun_family(address, (short) AF_UNIX());
                /* a name of the family alone: the kernel picks an unused abstract one (autobind) */
                if (listener < 0 || bind(listener, address, (int) sockaddr_un.sun_path$offset()) < 0 || listen(listener, 1) < 0)
                    throw new IllegalStateException("an AF_UNIX listener failed in the rehearsal of the child's path");
                length.set(socklen_t, 0, (int) sockaddr_un.sizeof());
                getsockname(listener, address, length);
                client = socket(AF_UNIX(), type, 0);
                if (client < 0 || connect(client, address, length.get(socklen_t, 0)) < 0)
                    throw new IllegalStateException("an AF_UNIX client failed in the rehearsal of the child's path");
                send(client, message, 1 + round[0] % message.byteSize(), 0); /* one, two or three chunks */
                if (way == CLIENT_GONE) {
                    close(client);
                    client = -1;
                } else {
                    shutdown(client, SHUT_WR()); /* the client is done sending */
                }
            }
            ForkChild(listener); /* accepts, logs and echoes one client; -1 stands for a bad servSock */
            DieWithError.inForkedChild = false;
            if (client >= 0) {
                while (recv(client, message, message.byteSize(), 0) > 0) /* take the echo back */
                    ;
                close(client);
            }
            if (listener >= 0)
                close(listener);
        };
    }
}
