/* TCPEchoServerFork.java: a TCP echo server that forks one child process per client,
 * the Java twin of native/TCPEchoServer-Fork.c (a '-' cannot be in a class name).
 * Run it as echo/bin/TCPEchoServer-Fork <Server Port>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

import static io.github.panamasockets.generated.sockets_h.*; /* printf(), fprintf(), atoi(), exit(), WNOHANG, fflush(), _exit() */
import static io.github.panamasockets.Errno.fork;            /* the calls that can fail, each with its errno */
import static io.github.panamasockets.Errno.waitpid;
import static io.github.panamasockets.Errno.close;
import static io.github.panamasockets.Errno.recv;
import static io.github.panamasockets.Errno.send;
import static io.github.panamasockets.echo.CStrings.C;      /* a C string literal */
import static io.github.panamasockets.echo.CStrings.argv;   /* C's argv */
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

        prepareChildPath(); /* Deviation from the C file (see below); done before socket(), so the syscalls from there on are C's */

        servSock = CreateTCPServerSocket(echoServPort); /* socket, bind and listen in one step */

        for (;;) /* hand each client to a child, never stopping */
        {
            clntSock = AcceptTCPConnection(servSock); /* block for the next client */

            /* Split into parent and child; a negative result means no child exists */
            if ((processID = fork()) < 0)
                DieWithError("fork() failed"); /* e.g. process limit reached */
            else if (processID == 0) /* zero: we are the child */
            {
                DieWithError.inForkedChild = true; /* Deviation: DieWithError must now end as the child ends, below */
                close(servSock);           /* only the parent accepts new clients */
                HandleTCPClient(clntSock); /* echo until the client closes; closes clntSock */
                /* Deviation from C's exit(0): this process is a copy of the JVM with a single thread.
                 * libc's exit() would also run libjvm's atexit destructors, and System.exit() the
                 * JVM's shutdown, which waits for threads the child does not have. So do what exit(0)
                 * does for a C program, and no more: flush stdio (the buffer inherited from the
                 * parent included, as in C), then end the process. */
                fflush(NULL);
                _exit(0);                  /* the child ends when its client is done */
            }

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

    /*
     * Deviation from the C file, and why (shared/notes/fork-in-the-jvm.md). The child of fork()
     * is a copy of the JVM in which only the thread that called fork() exists. Whatever Java work
     * would need another thread there (loading or initialising a class, linking a call site or a
     * downcall, spinning a method handle form) can wait forever on a lock or a flag that a
     * vanished thread held when the memory was copied. So everything the child runs is done once
     * here, in the parent, before the first socket() call, from which point the syscalls of the
     * program are the same as C's:
     *  - the classes the child uses are initialised (HandleTCPClient allocates its buffer then);
     *  - the downcalls the child makes and that are harmless are made once: close, recv and send
     *    on fd -1 (they fail with EBADF and touch nothing), fflush(NULL) (nothing is buffered
     *    yet, so it writes nothing), __errno_location();
     *  - those that cannot be made (perror() would print, exit() and _exit() would end us) are
     *    linked, and a harmless libc function with the very same descriptor is called through a
     *    handle of its own, which readies the same method handle forms and downcall stub:
     *    free(NULL) for perror's (char *) -> void, srand(1) for _exit's and exit's (int) -> void
     *    (1 is the seed the C library starts with; these programs draw no random numbers).
     * The launcher adds -Xint, so that the child never asks for a compilation either.
     */
    private static void prepareChildPath() {
        // On a thread of its own, so that the warm-up's calls (on fd -1) are not calls of the
        // program's thread: from main's point of view the syscall story is C's from the start.
        // What is warmed is global (classes, call sites, method handle forms, downcall stubs),
        // so it serves the child, whose only thread is this one.
        Thread warmUp = Thread.ofPlatform().name("child-path-warm-up").start(TCPEchoServerFork::warmChildPath);
        try {
            warmUp.join();
        } catch (InterruptedException e) {
            throw new AssertionError("interrupted while preparing the child's path", e);
        }
        io.github.panamasockets.Errno.errno(); /* this thread's errno state exists before fork(): a child must not allocate it */
    }

    private static void warmChildPath() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            lookup.ensureInitialized(HandleTCPClient.class);
            lookup.ensureInitialized(DieWithError.class);
            close(-1);
            recv(-1, NULL, 0, 0);
            send(-1, NULL, 0, 0);
            fflush(NULL);
            __errno_location();
            perror$handle();
            exit$handle();
            _exit$handle();
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            MethodHandle free = linker.downcallHandle(libc.find("free").orElseThrow(), perror$descriptor());
            MethodHandle srand = linker.downcallHandle(libc.find("srand").orElseThrow(), _exit$descriptor());
            free.invokeExact(NULL);
            srand.invokeExact(1);
        } catch (Throwable t) {
            throw new AssertionError("cannot prepare the child's path", t);
        }
    }
}
