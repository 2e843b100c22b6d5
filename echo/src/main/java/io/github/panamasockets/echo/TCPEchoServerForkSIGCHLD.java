/* TCPEchoServerForkSIGCHLD.java: a TCP echo server that forks one child process per client and
 * reaps its children in a SIGCHLD handler, the Java twin of native/TCPEchoServer-Fork-SIGCHLD.c
 * (a '-' cannot be in a class name). Run it as echo/bin/TCPEchoServer-Fork-SIGCHLD <Server Port>.
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

public final class TCPEchoServerForkSIGCHLD {

    private TCPEchoServerForkSIGCHLD() {
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
        int processID;          /* what fork() returned (pid_t is an int) */
        MemorySegment myAction; /* what to do on SIGCHLD: the handler, its mask and flags */
        /* Book bug fixed, as in the C file: no global count of children, which main's ++ and the
         * handler's -- raced on. The handler reaps until none is left. */

        if (argc != 2) /* exactly one argument: the port */
        {
            FPRINTF_S.apply(stderr(), C("Usage: %s <Server Port>\n"), argv[0]);
            exit(1);
        }

        echoServPort = (short) atoi(argv[1]); /* the only argument is the port (the cast keeps the low 16 bits, as C's does) */

        /* Deviation from the C file: the child's path rehearsed on a thread of its own, made before
         * socket(), once main listens (docs/fork-in-a-jvm.md): TCPEchoServer-Fork's ForkChild, which
         * main below calls too */
        prepareChildPath();
        /* Deviation: the launcher started the JVM with SIGCHLD blocked in every thread; this unblocks
         * it on this thread only, so that SIGCHLD lands here, as in the one thread of the C program
         * (docs/signals.md). One rt_sigprocmask, before the first socket() */
        receiveSignals(SIGCHLD());

        servSock = CreateTCPServerSocket(echoServPort); /* socket, bind and listen in one step */
        /* Deviation from the C file: the rehearsal runs here, listening (the kernel queues the first
         * clients), and ends before the first client's line: its child path's fflush(NULL) would
         * write this thread's stdout early */
        JvmFork.awaitRehearsal();

        myAction = sigaction.allocate(Arena.global()); /* C's is on main's stack, which main never leaves */
        sa_handler(myAction, TCPEchoServerForkSIGCHLD::ChildExitSignalHandler); /* run this when a child ends */
        if (sigfillset(sigaction.sa_mask(myAction)) < 0) /* block every signal while it runs */
            DieWithError("sigfillset() failed");
        /* SA_RESTART: a call the handler interrupts starts again, so accept() never fails with EINTR */
        sigaction.sa_flags(myAction, SA_RESTART());

        if (sigaction(SIGCHLD(), myAction, NULL) < 0) /* install it */
            DieWithError("sigaction() failed");

        for (;;) /* hand each client to a child, never stopping */
        {
            clntSock = AcceptTCPConnection(servSock); /* block for the next client */

            /* Deviation from the C file: fork() and the child's branch are TCPEchoServer-Fork's ForkChild
             * (the same statements as C's), which the rehearsal of the child's path runs too */
            processID = TCPEchoServerFork.ForkChild(servSock, clntSock); /* returns in the parent only */

            PRINTF_D.apply(C("with child process: %d\n"), processID); /* the pid fork() returned */
            close(clntSock); /* the child owns the connection now; the handler reaps it when it ends */
        }
        /* never gets here */
    }

    /* Runs on main's thread: inside the blocking call SIGCHLD interrupted (accept(), before the
     * kernel restarts it, as C's), or at main's next call when SIGCHLD lands in Java code (docs/signals.md) */
    static void ChildExitSignalHandler(int signalType)
    {
        int processID;            /* what waitpid() returned */
        int savedErrno = errno(); /* Book bug fixed, as in the C file: main may be about to read errno (perror) */

        /* (signalType: SIGCHLD is the only signal it handles) */
        for (;;) /* one SIGCHLD may stand for several children: reap them all */
        {
            processID = waitpid(-1, NULL, WNOHANG()); /* any child; do not block */
            if (processID < 0) /* the call failed: with ECHILD, no child is left at all */
            {
                if (errno() != ECHILD())
                    DieWithError("waitpid() failed");
                break;
            }
            else if (processID == 0) /* children remain, but none has ended yet */
                break;
            /* else: one child reaped */
        }
        errno(savedErrno);
    }

    /* Deviation from the C file: the child's path, TCPEchoServer-Fork's ForkChild, rehearsed once main listens */
    static void prepareChildPath() {
        TCPEchoServerFork.prepareChildPath();
    }

    /** One rehearsal of the child's path a run (ChildPathProbe measures it): TCPEchoServer-Fork's. */
    static Runnable childPathRehearsal() {
        return TCPEchoServerFork.childPathRehearsal();
    }
}
