/* AcceptTCPConnection.c: waits for the next client on a listening socket and logs who it is,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() */
#include <sys/socket.h> /* accept() and socklen_t */
#include <arpa/inet.h>  /* struct sockaddr_in and inet_ntoa() */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */

int AcceptTCPConnection(int servSock)
{
    int clntSock;                    /* the new socket for this one client */
    struct sockaddr_in echoClntAddr; /* filled in with the client's address */
    socklen_t clntLen;               /* socklen_t, not the book's unsigned int: it is accept()'s type */

    /* accept() reads this as the room available and writes back the size used */
    clntLen = sizeof(echoClntAddr);

    /* Block until a client connects */
    if ((clntSock = accept(servSock, (struct sockaddr *) &echoClntAddr,
                           &clntLen)) < 0)
        DieWithError("accept() failed"); /* no connection was handed over */

    /* clntSock now talks to the client */

    printf("Handling client %s\n", inet_ntoa(echoClntAddr.sin_addr)); /* dotted-quad peer address */

    return clntSock; /* the caller serves and closes it */
}
