/* DieWithMessage.java: the two error handlers the 2nd edition's programs share,
 * the Java twin of native/ed2/DieWithMessage.c.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */
import static java.lang.foreign.MemorySegment.NULL;

final class DieWithMessage {

    private DieWithMessage() {
    }

    /* Deviation from the C file: true only in a forked child of a server (it sets it right after
     * fork() returns 0). There, libc's exit() would also run the C++ destructors that libjvm
     * registered with atexit, in a copy of the JVM whose other threads are gone; so the child
     * ends as exit() would end a C program, with its stdio flushed, and no more
     * (docs/fork-in-a-jvm.md; the 1st edition's DieWithError does the same). */
    static boolean inForkedChild;

    /* As C, both take C strings: callers pass C("literal"), argv[i] or gai_strerror()'s text */
    static void DieWithUserMessage(MemorySegment msg, MemorySegment detail)
    {
        fputs(msg, stderr());    /* what failed */
        fputs(C(": "), stderr()); /* the same separator perror() uses */
        fputs(detail, stderr()); /* why, in the program's own words */
        fputc('\n', stderr());   /* end the line */
        die();                   /* every failure ends the program with status 1 */
    }

    static void DieWithSystemMessage(MemorySegment msg)
    {
        perror(msg); /* the message, a colon, then the text for errno */
        die();       /* every failure ends the program with status 1 */
    }

    /* C's exit(1), or its stand-in in a forked child (see inForkedChild) */
    private static void die()
    {
        if (inForkedChild) {
            fflush(NULL); /* what exit(1) would write: the child's stdio buffers */
            _exit(1);     /* then end, as exit(1) does once its handlers have run */
        } else            /* (_exit never returns, but its stand-in in a rehearsal does: it must not go on to exit) */
            exit(1);
    }
}
