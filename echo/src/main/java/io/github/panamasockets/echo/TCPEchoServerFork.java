/* TCPEchoServerFork.java: a TCP echo server that forks one child process per client,
 * the Java twin of native/TCPEchoServer-Fork.c (a '-' cannot be in a class name).
 * Run it as echo/bin/TCPEchoServer-Fork <Server Port>.
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
import static java.lang.foreign.MemorySegment.NULL;

public final class TCPEchoServerFork {

    private TCPEchoServerFork() {
    }

    /* printf() and fprintf() are variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF_D = printf.makeInvoker(C_INT);        /* printf(fmt, int) */
    private static final fprintf FPRINTF_S = fprintf.makeInvoker(C_POINTER); /* fprintf(stream, fmt, char *) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        int servSock;           /* the listening socket */
        int clntSock;           /* the socket of the newest client */
        short echoServPort;     /* port to listen on (C: unsigned short; same 16 bits) */
        int processID;          /* what fork() or waitpid() returned (pid_t is an int) */
        int childProcCount = 0; /* children not yet reaped (C: unsigned int; it never goes below 0) */

        if (argc != 2) /* exactly one argument: the port */
        {
            FPRINTF_S.apply(stderr(), C("Usage: %s <Server Port>\n"), argv[0]);
            exit(1);
        }

        echoServPort = (short) atoi(argv[1]); /* the only argument is the port (the cast keeps the low 16 bits, as C's does) */

        prepareChildPath(); /* Deviation from the C file (see below): its thread made before socket() */

        servSock = CreateTCPServerSocket(echoServPort); /* socket, bind and listen in one step */
        /* Deviation from the C file: the rehearsal runs here, listening (the kernel queues the first
         * clients), and ends before the first client's line: its child path's fflush(NULL) would
         * write this thread's stdout early */
        JvmFork.awaitRehearsal();

        for (;;) /* hand each client to a child, never stopping */
        {
            clntSock = AcceptTCPConnection(servSock); /* block for the next client */

            /* Deviation from the C file: fork() and the child's branch are a method, ForkChild,
             * that the rehearsal of the child's path runs too (see below) */
            processID = ForkChild(servSock, clntSock); /* returns in the parent only */

            PRINTF_D.apply(C("with child process: %d\n"), processID); /* the pid fork() returned */
            close(clntSock);  /* the child owns the connection now */
            childProcCount++; /* one more child to reap later */

            while (childProcCount != 0) /* reap every child that has already exited */
            {
                processID = waitpid(-1, NULL, WNOHANG()); /* any child; do not block */
                if (processID < 0) /* the call itself failed */
                    DieWithError("waitpid() failed");
                else if (processID == 0) /* children remain, but none has exited yet */
                    break;
                else
                    childProcCount--; /* one child reaped */
            }
        }
        /* never gets here */
    }

    /* C's main from fork() to the child's exit(0): the child never returns; the parent gets the child's pid */
    static int ForkChild(int servSock, int clntSock)
    {
        int processID; /* what fork() returned (pid_t is an int) */

        /* Split into parent and child; a negative result means no child exists */
        if ((processID = fork()) < 0)
            DieWithError("fork() failed"); /* e.g. process limit reached */
        else if (processID == 0) /* zero: we are the child */
        {
            DieWithError.inForkedChild = true; /* Deviation: DieWithError must now end as the child ends, below */
            close(servSock);           /* only the parent accepts new clients */
            HandleTCPClient(clntSock); /* echo until the client closes; closes clntSock */
            /* Deviation from C's exit(0): flush stdio, then end without libc's or the JVM's exit path
             * (docs/fork-in-a-jvm.md, step 6) */
            fflush(NULL);
            _exit(0);                  /* the child ends when its client is done */
        }
        return processID;
    }

    /* Deviation from the C file: the child's path, ForkChild, rehearsed in the parent once it
     * listens (docs/fork-in-a-jvm.md, step 1) */
    static final int REHEARSALS = Integer.getInteger("io.github.panamasockets.fork.rehearsals", 500);

    private static final int PEER_CLOSED = 1;
    private static final int ECHOED = 0;
    private static final int BAD_DESCRIPTOR = 2;

    static void prepareChildPath() {
        if (REHEARSALS <= 0) {
            JvmFork.prepare(); /* a measurement switch: no rehearsal at all */
            return;
        }
        /* its thread made now, before socket(); all of it once main listens, main waiting for its
         * end: nothing competes with main on its way to listen(). Each way runs REHEARSALS / 3
         * times, past the customisation threshold (docs/fork-in-a-jvm.md) */
        JvmFork.rehearseLater(REHEARSALS, childPathRehearsal(ECHOED, PEER_CLOSED, BAD_DESCRIPTOR));
    }

    /** One rehearsal of the child's path a run: a socketpair made ready in one of the three ways, then ForkChild. */
    static Runnable childPathRehearsal() {
        return childPathRehearsal(ECHOED, PEER_CLOSED, BAD_DESCRIPTOR);
    }

    /** The same, the runs made ready in these ways, in turn. */
    static Runnable childPathRehearsal(int... ways) {
        Arena arena = Arena.ofAuto(); /* used on JvmFork's rehearsal thread */
        MemorySegment pair = arena.allocate(C_INT, 2);
        MemorySegment message = arena.allocate(HandleTCPClient.RCVBUFSIZE * 3);
        int[] round = {0};
        return () -> {
            int way = ways[round[0]++ % ways.length];
            int peer = -1;
            int clntSock = -1;
            if (way != BAD_DESCRIPTOR) {
                /* the gone peer's pair is SOCK_SEQPACKET: send() to it fails with EPIPE as on a stream,
                 * but raises no SIGPIPE (the kernel raises it for stream sockets only), which a
                 * tracer would show among the program's calls */
                if (socketpair(AF_UNIX(), way == PEER_CLOSED ? SOCK_SEQPACKET() : SOCK_STREAM(), 0, pair) < 0)
                    throw new IllegalStateException("socketpair() failed in the rehearsal of the child's path");
                clntSock = pair.getAtIndex(C_INT, 0);
                peer = pair.getAtIndex(C_INT, 1);
                long length = 1 + round[0] % message.byteSize(); /* one, two or three chunks */
                send(peer, message, length, 0);
                if (way == PEER_CLOSED) {
                    close(peer);
                    peer = -1;
                } else {
                    shutdown(peer, SHUT_WR()); /* the client is done sending */
                }
            }
            ForkChild(-1, clntSock); /* closes clntSock; -1 stands for servSock */
            DieWithError.inForkedChild = false;
            if (peer >= 0) {
                while (recv(peer, message, message.byteSize(), 0) > 0) /* take the echo back */
                    ;
                close(peer);
            }
        };
    }
}
