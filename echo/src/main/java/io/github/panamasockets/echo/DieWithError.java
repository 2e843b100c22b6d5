/* DieWithError.java: the error handler shared by the TCP echo client and servers,
 * the Java twin of native/DieWithError.c.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;

import static io.github.panamasockets.generated.sockets_h.*;      /* exit(), fflush() and _exit() */
import static io.github.panamasockets.Errno.perror;              /* perror() with the errno of the failed call */
import static java.lang.foreign.MemorySegment.NULL;

final class DieWithError {

    private DieWithError() {
    }

    /* Deviation from the C file: true only in a child of TCPEchoServer-Fork (it sets it right
     * after fork() returns 0). There, libc's exit() would also run the C++ destructors that
     * libjvm registered with atexit, in a copy of the JVM whose other threads are gone; so the
     * child ends as exit() would end a C program, with its stdio flushed, and no more
     * (fork-in-the-jvm.md). */
    static boolean inForkedChild;

    static void DieWithError(String errorMessage)
    {
        try (Arena literal = Arena.ofConfined()) { /* the message as a C string, freed on the way out */
            perror(literal.allocateFrom(errorMessage)); /* the message, a colon, then the text for errno */
        }
        if (inForkedChild) {
            fflush(NULL); /* what exit(1) would write: the child's stdio buffers */
            _exit(1);     /* then end, as exit(1) does once its handlers have run */
        }
        exit(1);          /* every failure ends the program with status 1 */
    }
}
