/* HandleTCPClient.c: echoes everything one connected client sends, then hangs up,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <sys/socket.h> /* send() and recv() */
#include <unistd.h>     /* close() */

#define RCVBUFSIZE 32 /* bytes taken from the socket per recv() */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */

void HandleTCPClient(int clntSocket)
{
    char echoBuffer[RCVBUFSIZE]; /* holds one chunk on its way back */
    int recvMsgSize;             /* bytes the last recv() delivered */

    /* Take the first chunk from the client */
    if ((recvMsgSize = recv(clntSocket, echoBuffer, RCVBUFSIZE, 0)) < 0)
        DieWithError("recv() failed"); /* a negative count means an error */

    while (recvMsgSize > 0) /* zero means the client closed its side */
    {
        /* Return exactly the bytes that came in */
        if (send(clntSocket, echoBuffer, recvMsgSize, 0) != recvMsgSize)
            DieWithError("send() failed"); /* a short or failed send is fatal */

        /* Take the next chunk, if there is one */
        if ((recvMsgSize = recv(clntSocket, echoBuffer, RCVBUFSIZE, 0)) < 0)
            DieWithError("recv() failed"); /* same check as above */
    }

    close(clntSocket); /* done with this client: release its socket */
}
