/* DieWithError.java: the error handler shared by the 1st edition programs,
 * the Java twin of native/DieWithError.c.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */
import static java.lang.foreign.MemorySegment.NULL;

final class DieWithError {

    private DieWithError() {
    }

    /* Deviation from the C file: true only in a child of TCPEchoServer-Fork (it sets it right
     * after fork() returns 0). There, libc's exit() would also run the C++ destructors that
     * libjvm registered with atexit, in a copy of the JVM whose other threads are gone; so the
     * child ends as exit() would end a C program, with its stdio flushed, and no more
     * (docs/fork-in-a-jvm.md). */
    static boolean inForkedChild;

    /* Every caller passes a string literal, as in C: C() makes it a C string once, and the same
     * segment after, so that a forked child allocates nothing here (docs/fork-in-a-jvm.md). */
    static void DieWithError(String errorMessage)
    {
        perror(C(errorMessage)); /* the message, a colon, then the text for errno */
        if (inForkedChild) {
            fflush(NULL); /* what exit(1) would write: the child's stdio buffers */
            _exit(1);     /* then end, as exit(1) does once its handlers have run */
        } else            /* (_exit never returns, but its stand-in in a rehearsal does: it must not go on to exit) */
            exit(1);      /* every failure ends the program with status 1 */
    }
}
