/* AcceptTCPConnection.java: waits for the next client on a listening socket and logs who it is,
 * the Java twin of native/AcceptTCPConnection.c.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */

final class AcceptTCPConnection {

    private AcceptTCPConnection() {
    }

    /* printf() is variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF_S = printf.makeInvoker(C_POINTER); /* printf(fmt, char *) */

    static int AcceptTCPConnection(int servSock)
    {
        try (Arena stack = Arena.ofConfined()) /* this call's stack frame */
        {
            int clntSock;                                             /* the new socket for this one client */
            MemorySegment echoClntAddr = sockaddr_in.allocate(stack); /* filled in with the client's address */
            MemorySegment clntLen = stack.allocate(socklen_t);        /* socklen_t, as accept() takes it */

            /* accept() reads this as the room available and writes back the size used */
            clntLen.set(socklen_t, 0, (int) sockaddr_in.sizeof());

            /* Block until a client connects */
            if ((clntSock = accept(servSock, echoClntAddr,
                                   clntLen)) < 0)
                DieWithError("accept() failed"); /* no connection was handed over */

            /* clntSock now talks to the client */

            PRINTF_S.apply(C("Handling client %s\n"), inet_ntoa(sockaddr_in.sin_addr(echoClntAddr))); /* dotted-quad peer address */

            return clntSock; /* the caller serves and closes it */
        }
    }
}
