/* TCPEchoServer.c: an iterative TCP echo server that serves one client at a time,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() and fprintf() */
#include <sys/socket.h> /* socket(), bind(), listen() and accept() */
#include <arpa/inet.h>  /* struct sockaddr_in, htons(), htonl() and inet_ntoa() */
#include <stdlib.h>     /* atoi() and exit() */
#include <string.h>     /* memset() */
#include <unistd.h>     /* close() */

#define MAXPENDING 5 /* queue length for connections not yet accepted */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */
void HandleTCPClient(int clntSocket);  /* echo one client until it hangs up */

int main(int argc, char *argv[])
{
    int servSock;                    /* the listening socket */
    int clntSock;                    /* the socket of the client being served */
    struct sockaddr_in echoServAddr; /* our own address */
    struct sockaddr_in echoClntAddr; /* the connected client's address */
    unsigned short echoServPort;     /* port to listen on */
    socklen_t clntLen;               /* socklen_t, not the book's unsigned int: it is accept()'s type */

    if (argc != 2) /* exactly one argument: the port */
    {
        fprintf(stderr, "Usage: %s <Server Port>\n", argv[0]);
        exit(1);
    }

    echoServPort = atoi(argv[1]); /* the only argument is the port */

    /* Ask for an IPv4 stream socket speaking TCP */
    if ((servSock = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
        DieWithError("socket() failed"); /* no descriptor was handed out */

    /* Fill in the local address */
    memset(&echoServAddr, 0, sizeof(echoServAddr));   /* clear padding and unused fields */
    echoServAddr.sin_family = AF_INET;                /* an IPv4 address */
    echoServAddr.sin_addr.s_addr = htonl(INADDR_ANY); /* accept on all local interfaces */
    echoServAddr.sin_port = htons(echoServPort);      /* port in network byte order */

    /* Claim the port */
    if (bind(servSock, (struct sockaddr *) &echoServAddr, sizeof(echoServAddr)) < 0)
        DieWithError("bind() failed"); /* e.g. the port is already taken */

    /* Let clients queue up on the socket */
    if (listen(servSock, MAXPENDING) < 0)
        DieWithError("listen() failed"); /* the socket cannot be made passive */

    for (;;) /* serve clients one after another, never stopping */
    {
        /* accept() reads this as the room available and writes back the size used */
        clntLen = sizeof(echoClntAddr);

        /* Block until a client connects */
        if ((clntSock = accept(servSock, (struct sockaddr *) &echoClntAddr,
                               &clntLen)) < 0)
            DieWithError("accept() failed"); /* no connection was handed over */

        /* clntSock now talks to the client */

        printf("Handling client %s\n", inet_ntoa(echoClntAddr.sin_addr)); /* dotted-quad peer address */

        HandleTCPClient(clntSock); /* echo until the client closes; closes clntSock */
    }
    /* never gets here */
}
