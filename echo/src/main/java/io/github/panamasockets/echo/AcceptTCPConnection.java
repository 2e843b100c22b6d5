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

    /* Deviation from the C file: C's locals echoClntAddr and clntLen live on the stack of each
     * call. Here they are allocated once, when the class is loaded, and so is the view of
     * sin_addr, so that a long-lived child of TCPEchoServer-ForkN allocates nothing for each
     * client it accepts (see ChildCalls, which also does this function's printf and inet_ntoa).
     * In every program only one thread accepts, so one frame is enough, as one stack frame is in C. */
    private static final MemorySegment echoClntAddr = sockaddr_in.allocate(Arena.global()); /* filled in with the client's address */
    private static final MemorySegment clntLen = Arena.global().allocate(socklen_t);        /* socklen_t, as accept() takes it */
    private static final MemorySegment clntInAddr = sockaddr_in.sin_addr(echoClntAddr);    /* its sin_addr, the view made once */

    static int AcceptTCPConnection(int servSock)
    {
        int clntSock; /* the new socket for this one client */

        /* accept() reads this as the room available and writes back the size used */
        clntLen.set(socklen_t, 0, (int) sockaddr_in.sizeof());

        /* Block until a client connects */
        if ((clntSock = accept(servSock, echoClntAddr,
                               clntLen)) < 0)
            DieWithError("accept() failed"); /* no connection was handed over */

        /* clntSock now talks to the client */

        ChildCalls.printfAddress(C("Handling client %s\n"), ChildCalls.inet_ntoa(clntInAddr)); /* dotted-quad peer address */

        return clntSock; /* the caller serves and closes it */
    }
}
