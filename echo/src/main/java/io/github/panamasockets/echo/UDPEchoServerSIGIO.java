/* UDPEchoServerSIGIO.java: a UDP echo server that echoes in a SIGIO handler (the socket is
 * non-blocking and asynchronous) while main prints a dot and sleeps, forever,
 * the Java twin of native/UDPEchoServer-SIGIO.c: the same calls, in the same order.
 * Run it as echo/bin/UDPEchoServer-SIGIO <SERVER PORT>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */
import static java.lang.foreign.MemorySegment.NULL;

public final class UDPEchoServerSIGIO {

    private UDPEchoServerSIGIO() {
    }

    static final int ECHOMAX = 255; /* the longest datagram echoed; a longer one is cut to this */

    static int sock; /* the datagram socket: global, the handler uses it */

    /* printf() and fprintf() are variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF = printf.makeInvoker();               /* printf(fmt) */
    private static final printf PRINTF_S = printf.makeInvoker(C_POINTER);    /* printf(fmt, char *) */
    private static final fprintf FPRINTF_S = fprintf.makeInvoker(C_POINTER); /* fprintf(stream, fmt, char *) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        /* Deviation from the C file: the launcher started the JVM with SIGIO blocked in every
         * thread; this unblocks it on this thread only, so that SIGIO lands here and ends this
         * thread's sleep() early, as in the one thread of the C program (docs/signals.md). One
         * rt_sigprocmask, before the first socket call. */
        receiveSignals(SIGIO());

        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main never returns, so never closed */
        MemorySegment echoServAddr = sockaddr_in.allocate(stack); /* our own address */
        short echoServPort;                                       /* port to receive on (C: unsigned short; same 16 bits) */
        MemorySegment handler = sigaction.allocate(stack);        /* what to do on SIGIO */

        if (argc != 2) /* exactly one argument: the port */
        {
            FPRINTF_S.apply(stderr(), C("Usage:  %s <SERVER PORT>\n"), argv[0]);
            exit(1);
        }

        echoServPort = (short) atoi(argv[1]); /* the only argument is the port (the cast keeps the low 16 bits, as C's does) */

        /* Ask for an IPv4 datagram socket speaking UDP */
        if ((sock = socket(PF_INET(), SOCK_DGRAM(), IPPROTO_UDP())) < 0)
            DieWithError("socket() failed"); /* no descriptor was handed out */

        /* Fill in the local address */
        memset(echoServAddr, 0, sockaddr_in.sizeof());                         /* clear padding and unused fields */
        sockaddr_in.sin_family(echoServAddr, (short) AF_INET());                /* an IPv4 address */
        in_addr.s_addr(sockaddr_in.sin_addr(echoServAddr), htonl(INADDR_ANY())); /* receive on all local interfaces */
        sockaddr_in.sin_port(echoServAddr, htons(echoServPort));                /* port in network byte order */

        /* Claim the port */
        if (bind(sock, echoServAddr, (int) sockaddr_in.sizeof()) < 0)
            DieWithError("bind() failed"); /* e.g. the port is already taken */

        /* Set the handler of SIGIO */
        sa_handler(handler, UDPEchoServerSIGIO::SIGIOHandler); /* echo what is waiting (on this thread, when its call returns: docs/signals.md) */
        if (sigfillset(sigaction.sa_mask(handler)) < 0)        /* block every signal while it runs */
            DieWithError("sigfillset() failed");
        sigaction.sa_flags(handler, 0);                        /* no flags: sleep() ends early on SIGIO */

        if (sigaction(SIGIO(), handler, NULL) < 0)             /* install it */
            DieWithError("sigaction() failed for SIGIO");

        /* SIGIO of this socket goes to this process */
        if (fcntl(sock, F_SETOWN(), getpid()) < 0)
            DieWithError("Unable to set process owner to us");

        /* Never block in recvfrom(), and raise SIGIO when a datagram arrives */
        if (fcntl(sock, F_SETFL(), O_NONBLOCK() | FASYNC()) < 0)
            DieWithError("Unable to put client sock into non-blocking/async mode");

        /* Echoing happens in the handler; main does something else meanwhile */
        for (;;)
            UseIdleTime();

        /* never gets here (javac rejects a statement after for (;;)) */
    }

    static void UseIdleTime()
    {
        PRINTF.apply(C(".\n")); /* one dot a round (a pipe gets them when stdio's buffer fills, or at exit) */
        sleep(3);               /* three seconds, or less: SIGIO ends it early */
    }

    /* The handler's locals, on C's stack there: made once here (it never runs twice at once) */
    private static final Arena HANDLER_STACK = Arena.global();
    private static final MemorySegment echoClntAddr = sockaddr_in.allocate(HANDLER_STACK); /* the sender of the last datagram */
    private static final MemorySegment clntLen = HANDLER_STACK.allocate(socklen_t);         /* socklen_t, as recvfrom() takes it */
    private static final MemorySegment echoBuffer = HANDLER_STACK.allocate(ECHOMAX);        /* one datagram on its way back (never printed: no NUL needed) */

    static void SIGIOHandler(int signalType)
    {
        int recvMsgSize; /* bytes in the last datagram, or -1 */

        /* (signalType: SIGIO is the only signal it handles) */
        do /* until recvfrom() says nothing is left */
        {
            /* recvfrom() reads this as the room available and writes back the size used */
            clntLen.set(socklen_t, 0, (int) sockaddr_in.sizeof());

            if ((recvMsgSize = (int) recvfrom(sock, echoBuffer, ECHOMAX, 0,
                                              echoClntAddr, clntLen)) < 0)
            {
                /* non-blocking: EWOULDBLOCK means every datagram was taken, anything else is an error */
                if (errno() != EWOULDBLOCK())
                    DieWithError("recvfrom() failed");
            }
            else
            {
                /* (runs on main's thread once its call returns, never in signal context: docs/signals.md) */
                PRINTF_S.apply(C("Handling client %s\n"), inet_ntoa(sockaddr_in.sin_addr(echoClntAddr))); /* dotted-quad sender address */

                /* Send the same bytes back to where they came from */
                if (sendto(sock, echoBuffer, recvMsgSize, 0, echoClntAddr,
                           (int) sockaddr_in.sizeof()) != recvMsgSize)
                    DieWithError("sendto() failed");
            }
        } while (recvMsgSize >= 0);
        /* nothing left to receive */
    }
}
