/* TCPEchoServerThread.java: a TCP echo server that starts one thread per client,
 * the Java twin of native/TCPEchoServer-Thread.c (a '-' cannot be in a class name).
 * Run it as echo/bin/TCPEchoServer-Thread <SERVER PORT>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */
import static io.github.panamasockets.echo.DieWithError.DieWithError;                 /* report errno's reason, then quit */
import static io.github.panamasockets.echo.HandleTCPClient.HandleTCPClient;           /* echo one client until it hangs up */
import static io.github.panamasockets.echo.CreateTCPServerSocket.CreateTCPServerSocket; /* socket + bind + listen on a port */
import static io.github.panamasockets.echo.AcceptTCPConnection.AcceptTCPConnection;     /* block for the next client, log it */
import static java.lang.foreign.MemorySegment.NULL;

public final class TCPEchoServerThread {

    private TCPEchoServerThread() {
    }

    /* What main hands a thread: in memory of its own, since main goes on to the next client.
     * C's struct, laid out as C lays it out, in memory from malloc() as in C. */
    static final class ThreadArgs {
        private static final StructLayout LAYOUT = MemoryLayout.structLayout(
                C_INT.withName("clntSock")); /* the client this thread serves */

        static long sizeof() {
            return LAYOUT.byteSize();
        }

        /* a pointer that comes from C (malloc(), the thread's argument) has no size: give it the struct's */
        static int clntSock(MemorySegment args) {
            return args.reinterpret(sizeof()).get(C_INT, 0);
        }

        static void clntSock(MemorySegment args, int value) {
            args.reinterpret(sizeof()).set(C_INT, 0, value);
        }
    }

    /*
     * ThreadMain as C's function pointer: an upcall stub, made once, in the global arena (it must
     * outlive every thread that runs it). pthread_create() starts a native thread the JVM has never
     * seen; its first call through the stub attaches it to the JVM (a JavaThread, a java.lang.Thread,
     * its thread-local state), and the JVM detaches it when the native thread ends, from a
     * thread-local destructor: no thread is left behind (TCPEchoServerThreadTest counts
     * /proc/PID/task before and after hundreds of clients, flat in both builds).
     * Measured on this project's 2-core test machine, under load: a thread that only starts and
     * ends (pthread_create + pthread_join) ~40 us in C, ~75 us through this stub, so ~35 us a
     * client for the attach and detach, and each detach wakes the JVM's Service Thread (what a
     * connection costs in all: benchmarks/README.md, benchmarks/thread-cost);
     * serving 2,000 clients one after another 0.37 ms a client
     * in C, 0.77 ms in Java; 16 at once, both ~0.5 ms (the test's clients were the bottleneck);
     * tasks 1 (C) and 11 (Java, the JVM's own) before and after, the JVM's RSS flat once warm.
     */
    private static final MemorySegment ThreadMain =
            pthread_create$__start_routine.allocate(TCPEchoServerThread::ThreadMain, Arena.global());

    /* printf() and fprintf() are variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF_LD = printf.makeInvoker(C_LONG);      /* printf(fmt, long) */
    private static final fprintf FPRINTF_S = fprintf.makeInvoker(C_POINTER); /* fprintf(stream, fmt, char *) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main never returns, so never closed */
        int servSock;                                         /* the listening socket */
        int clntSock;                                         /* the socket of the newest client */
        short echoServPort;                                   /* port to listen on (C: unsigned short; same 16 bits) */
        MemorySegment threadID = stack.allocate(pthread_t);   /* what pthread_create() names the new thread */
        MemorySegment threadArgs;                             /* the new thread's argument, freed by the thread */
        int status;                                           /* what pthread_create() returned */

        if (argc != 2) /* exactly one argument: the port */
        {
            FPRINTF_S.apply(stderr(), C("Usage:  %s <SERVER PORT>\n"), argv[0]);
            exit(1);
        }

        echoServPort = (short) atoi(argv[1]); /* the only argument is the port (the cast keeps the low 16 bits, as C's does) */


        servSock = CreateTCPServerSocket(echoServPort); /* socket, bind and listen in one step */

        for (;;) /* hand each client to a thread, never stopping */
        {
            clntSock = AcceptTCPConnection(servSock); /* block for the next client */

            /* Memory the thread owns: main's own variables change with the next client */
            if ((threadArgs = malloc(ThreadArgs.sizeof())).equals(NULL))
                DieWithError("malloc() failed"); /* no memory for the argument */
            ThreadArgs.clntSock(threadArgs, clntSock); /* the one thing the thread needs */

            /* Start the client's thread; it runs ThreadMain(threadArgs) */
            if ((status = pthread_create(threadID, NULL, ThreadMain, threadArgs)) != 0)
            {
                errno(status); /* Book bug fixed: pthread_create() returns its error, errno is not set */
                DieWithError("pthread_create() failed"); /* e.g. EAGAIN: no more threads */
            }
            PRINTF_LD.apply(C("with thread %ld\n"), threadID.get(pthread_t, 0)); /* pthread_t is an unsigned long on Linux */
        }
        /* never gets here */
    }

    /* Runs on the client's thread, a native thread from pthread_create() (see ThreadMain above) */
    static MemorySegment ThreadMain(MemorySegment threadArgs)
    {
        int clntSock; /* the client this thread serves */

        pthread_detach(pthread_self()); /* nobody joins this thread: its resources go when it returns */

        clntSock = ThreadArgs.clntSock(threadArgs); /* take the argument... */
        free(threadArgs);                           /* ...and release its memory */

        try (Arena stack = Arena.ofConfined()) /* this thread's stack: C's echoBuffer is in HandleTCPClient's frame */
        {
            HandleTCPClient(clntSock, stack.allocate(HandleTCPClient.RCVBUFSIZE)); /* echo until the client closes; closes clntSock */
        }

        return NULL; /* the thread ends; nothing to report */
    }
}
