/* UDPEchoClientTimeout.java: sends one word to a UDP echo server and waits for the reply at most
 * TIMEOUT_SECS at a time, resending it up to MAXTRIES times (SIGALRM interrupts recvfrom()),
 * the Java twin of native/UDPEchoClient-Timeout.c: the same calls, in the same order.
 * Run it as echo/bin/UDPEchoClient-Timeout <Server IP> <Echo Word> [<Echo Port>].
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */
import static java.lang.foreign.MemorySegment.NULL;

public final class UDPEchoClientTimeout {

    private UDPEchoClientTimeout() {
    }

    static final int ECHOMAX = 255;    /* the longest word sent, and the most taken from the reply */
    static final int TIMEOUT_SECS = 2; /* seconds to wait for a reply before sending again */
    static final int MAXTRIES = 5;     /* how many times to send again before giving up */

    /* The book's "int tries", volatile as the C file's volatile sig_atomic_t: the handler writes it, main reads it */
    static volatile int tries = 0; /* alarms so far */

    /* printf() and fprintf() are variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF_D = printf.makeInvoker(C_INT);        /* printf(fmt, int) */
    private static final printf PRINTF_S = printf.makeInvoker(C_POINTER);    /* printf(fmt, char *) */
    private static final fprintf FPRINTF_S = fprintf.makeInvoker(C_POINTER); /* fprintf(stream, fmt, char *) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        /* Deviation from the C file: the launcher started the JVM with SIGALRM blocked in every
         * thread; this unblocks it on this thread only, so that the alarm lands here and
         * interrupts this thread's recvfrom(), as in the one thread of the C program
         * (docs/signals.md). One rt_sigprocmask, before the first socket call. */
        receiveSignals(SIGALRM());

        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main ends in exit(), so never closed */
        int sock;                                                  /* the datagram socket */
        MemorySegment echoServAddr = sockaddr_in.allocate(stack);  /* where the server is */
        MemorySegment fromAddr = sockaddr_in.allocate(stack);      /* where the reply came from */
        short echoServPort;                                        /* the server's port (C: unsigned short; same 16 bits) */
        MemorySegment fromSize = stack.allocate(socklen_t);        /* socklen_t, as recvfrom() takes it */
        MemorySegment myAction = sigaction.allocate(stack);        /* what to do on SIGALRM */
        MemorySegment servIP;                                      /* the server's IPv4 address as dotted quad */
        MemorySegment echoString;                                  /* the word to send */
        MemorySegment echoBuffer = stack.allocate(ECHOMAX + 1);    /* the reply plus a terminating NUL */
        int echoStringLen;                                         /* length of the word in bytes */
        int respStringLen;                                         /* length of the reply in bytes */

        if ((argc < 3) || (argc > 4)) /* address and word are required, port is optional */
        {
            FPRINTF_S.apply(stderr(), C("Usage: %s <Server IP> <Echo Word> [<Echo Port>]\n"), argv[0]);
            exit(1);
        }

        servIP = argv[1];     /* first argument: the server address */
        echoString = argv[2]; /* second argument: the word */

        if ((echoStringLen = (int) strlen(echoString)) > ECHOMAX) /* (Linux caps one argument at 128 KiB: fits an int) */
            DieWithError("Echo word too long"); /* the reply would not fit the buffer */

        if (argc == 4)
            echoServPort = (short) atoi(argv[3]); /* a port was given: use it (the cast keeps the low 16 bits, as C's does) */
        else
            echoServPort = 7; /* otherwise the standard echo port */

        /* Ask for an IPv4 datagram socket speaking UDP */
        if ((sock = socket(PF_INET(), SOCK_DGRAM(), IPPROTO_UDP())) < 0)
            DieWithError("socket() failed"); /* no descriptor was handed out */

        /* Set the handler of SIGALRM */
        sa_handler(myAction, UDPEchoClientTimeout::CatchAlarm); /* count the alarm (on this thread, when recvfrom() returns: docs/signals.md) */
        if (sigfillset(sigaction.sa_mask(myAction)) < 0) /* block every signal while it runs */
            DieWithError("sigfillset() failed");
        sigaction.sa_flags(myAction, 0);                 /* no SA_RESTART: the alarm must interrupt recvfrom() */

        if (sigaction(SIGALRM(), myAction, NULL) < 0)    /* install it */
            DieWithError("sigaction() failed for SIGALRM");

        /* Fill in the server's address */
        memset(echoServAddr, 0, sockaddr_in.sizeof());                         /* clear padding and unused fields */
        sockaddr_in.sin_family(echoServAddr, (short) AF_INET());                /* an IPv4 address */
        in_addr.s_addr(sockaddr_in.sin_addr(echoServAddr), inet_addr(servIP)); /* dotted quad to network order */
        sockaddr_in.sin_port(echoServAddr, htons(echoServPort));                /* port in network byte order */

        /* Send the word as one datagram */
        if (sendto(sock, echoString, echoStringLen, 0, echoServAddr,
                   (int) sockaddr_in.sizeof()) != echoStringLen)
            DieWithError("sendto() sent a different number of bytes than expected");

        /* Wait for the reply, at most TIMEOUT_SECS a try */
        fromSize.set(socklen_t, 0, (int) sockaddr_in.sizeof()); /* recvfrom() reads this as the room available */
        alarm(TIMEOUT_SECS);                                    /* SIGALRM in TIMEOUT_SECS seconds */
        while ((respStringLen = (int) recvfrom(sock, echoBuffer, ECHOMAX, 0,
                                               fromAddr, fromSize)) < 0)
            if (errno() == EINTR()) /* the alarm went off */
            {
                if (tries < MAXTRIES) /* the handler counts the alarms */
                {
                    PRINTF_D.apply(C("timed out, %d more tries...\n"), MAXTRIES - tries);
                    if (sendto(sock, echoString, echoStringLen, 0, echoServAddr,
                               (int) sockaddr_in.sizeof()) != echoStringLen)
                        DieWithError("sendto() failed");
                    alarm(TIMEOUT_SECS); /* and wait again */
                }
                else
                    DieWithError("No Response"); /* errno is still EINTR: "No Response: Interrupted system call" */
            }
            else
                DieWithError("recvfrom() failed"); /* any other error */

        /* A reply came: cancel the alarm */
        alarm(0);

        echoBuffer.set(C_CHAR, respStringLen, (byte) '\0'); /* at most ECHOMAX bytes came: the NUL fits */
        PRINTF_S.apply(C("Received: %s\n"), echoBuffer);    /* the echoed word */

        close(sock); /* done with the socket */
        exit(0);
    }

    static void CatchAlarm(int ignored)
    {
        /* (ignored: SIGALRM is the only signal it handles) */
        tries += 1; /* one more alarm; main prints and resends (runs on main's thread, in recvfrom(): docs/signals.md) */
    }
}
