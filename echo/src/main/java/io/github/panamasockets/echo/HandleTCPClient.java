/* HandleTCPClient.java: echoes everything one connected client sends, then hangs up,
 * the Java twin of native/HandleTCPClient.c.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */
import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */

final class HandleTCPClient {

    private HandleTCPClient() {
    }

    static final int RCVBUFSIZE = 32; /* bytes taken from the socket per recv() */

    /* Deviation from the C file: C's echoBuffer is an array on the stack of each call. Here it
     * is allocated once, when the class is loaded, so that a child of TCPEchoServer-Fork
     * allocates nothing while it echoes (docs/fork-in-a-jvm.md). One process serves one client
     * at a time, so one buffer is enough, as one stack frame is in C. */
    private static final MemorySegment echoBuffer = Arena.global().allocate(RCVBUFSIZE); /* holds one chunk on its way back */

    static void HandleTCPClient(int clntSocket)
    {
        HandleTCPClient(clntSocket, echoBuffer); /* the one buffer of a process that serves one client at a time */
    }

    /* Deviation from the C file, for TCPEchoServer-Thread, whose threads echo at the same time:
     * each passes a buffer of its own, as each C call has its own echoBuffer on its own stack. */
    static void HandleTCPClient(int clntSocket, MemorySegment echoBuffer)
    {
        int recvMsgSize; /* bytes the last recv() delivered */

        /* Take the first chunk from the client */
        if ((recvMsgSize = (int) recv(clntSocket, echoBuffer, RCVBUFSIZE, 0)) < 0)
            DieWithError("recv() failed"); /* a negative count means an error */

        while (recvMsgSize > 0) /* zero means the client closed its side */
        {
            /* Return exactly the bytes that came in */
            if (send(clntSocket, echoBuffer, recvMsgSize, 0) != recvMsgSize)
                DieWithError("send() failed"); /* a short or failed send is fatal */

            /* Take the next chunk, if there is one */
            if ((recvMsgSize = (int) recv(clntSocket, echoBuffer, RCVBUFSIZE, 0)) < 0)
                DieWithError("recv() failed"); /* same check as above */
        }

        close(clntSocket); /* done with this client: release its socket */
    }
}
