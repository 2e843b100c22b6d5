/* SigAction.java: catches SIGINT with sigaction() and waits for it in pause(),
 * the Java twin of native/SigAction.c: the same calls, in the same order.
 * Run it as echo/bin/SigAction.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */
import static java.lang.foreign.MemorySegment.NULL;

public final class SigAction {

    private SigAction() {
    }

    /* The handler allocates nothing: its invoker and its text are made here, once */
    private static final printf PRINTF = printf.makeInvoker(); /* printf(fmt) */
    private static final MemorySegment INTERRUPTED = C("Interrupt Received.  Exiting program.\n");

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        argv(args); /* unused (C's main takes none), but taking it starts the process as C's starts: locale, SIGPIPE */
        main();
    }

    static void main() /* (the C main takes no arguments either) */
    {
        /* Deviation from the C file: the launcher started the JVM with SIGINT blocked in every
         * thread; this unblocks it on this thread only, so that SIGINT lands here, in pause(), as
         * in the one thread of the C program (docs/signals.md). One rt_sigprocmask, before the
         * first sigaction. */
        receiveSignals(SIGINT());

        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main ends in exit(), so never closed */
        MemorySegment handler = sigaction.allocate(stack); /* what to do on SIGINT: the handler, its mask and flags */

        sa_handler(handler, SigAction::InterruptSignalHandler); /* run this on SIGINT (on this thread, after the call it interrupts: docs/signals.md) */
        if (sigfillset(sigaction.sa_mask(handler)) < 0) /* block every signal while it runs */
            DieWithError("sigfillset() failed");
        sigaction.sa_flags(handler, 0); /* no flags: pause() is not restarted anyway */

        if (sigaction(SIGINT(), handler, NULL) < 0) /* install it */
            DieWithError("sigaction() failed");

        for (;;)
            pause(); /* sleep until a signal comes: the handler ends the program */

        /* exit(0): never reached, as in the book (javac rejects a statement after for (;;)) */
    }

    static void InterruptSignalHandler(int signalType)
    {
        /* (signalType: SIGINT is the only signal it handles) */
        PRINTF.apply(INTERRUPTED); /* (runs on main's thread, in pause(): see docs/signals.md) */
        exit(1); /* flushes stdout: the message reaches a pipe too */
    }
}
