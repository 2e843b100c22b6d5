/* TCPEchoServer4.c: an iterative TCP echo server on every local IPv4 address, serving one
 * client at a time, following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd
 * edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() and puts() */
#include <stdlib.h>     /* atoi() */
#include <string.h>     /* memset() */
#include <sys/socket.h> /* socket(), bind(), listen() and accept() */
#include <netinet/in.h> /* struct sockaddr_in, in_port_t, INADDR_ANY and IPPROTO_TCP */
#include <arpa/inet.h>  /* htonl(), htons(), ntohs() and inet_ntop() */
#include "Practical.h"  /* DieWith...Message() and HandleTCPClient() */

static const int MAXPENDING = 5; /* queue length for connections not yet accepted */

int main(int argc, char *argv[])
{
    if (argc != 2) /* exactly one argument: the port */
        DieWithUserMessage("Parameter(s)", "<Server Port>");

    in_port_t servPort = atoi(argv[1]); /* the only argument is the port */

    /* Ask for an IPv4 stream socket speaking TCP */
    int servSock; /* the listening socket */
    if ((servSock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
        DieWithSystemMessage("socket() failed"); /* no descriptor was handed out */

    /* Fill in the local address */
    struct sockaddr_in servAddr;                  /* our own address */
    memset(&servAddr, 0, sizeof(servAddr));       /* clear padding and unused fields */
    servAddr.sin_family = AF_INET;                /* an IPv4 address */
    servAddr.sin_addr.s_addr = htonl(INADDR_ANY); /* accept on all local interfaces */
    servAddr.sin_port = htons(servPort);          /* port in network byte order */

    /* Claim the port */
    if (bind(servSock, (struct sockaddr *) &servAddr, sizeof(servAddr)) < 0)
        DieWithSystemMessage("bind() failed"); /* e.g. the port is already taken */

    /* Let clients queue up on the socket */
    if (listen(servSock, MAXPENDING) < 0)
        DieWithSystemMessage("listen() failed"); /* the socket cannot be made passive */

    for (;;) /* serve clients one after another, never stopping */
    {
        struct sockaddr_in clntAddr;              /* the connected client's address */
        socklen_t clntAddrLen = sizeof(clntAddr); /* in: the room; out: the size used */

        /* Block until a client connects */
        int clntSock = accept(servSock, (struct sockaddr *) &clntAddr, &clntAddrLen);
        if (clntSock < 0)
            DieWithSystemMessage("accept() failed"); /* no connection was handed over */

        /* clntSock now talks to the client */

        char clntName[INET_ADDRSTRLEN]; /* the client's address as dotted quad */
        if (inet_ntop(AF_INET, &clntAddr.sin_addr.s_addr, clntName,
                      sizeof(clntName)) != NULL)
            printf("Handling client %s/%d\n", clntName, ntohs(clntAddr.sin_port)); /* address/port */
        else
            puts("Unable to get client address"); /* cannot happen for an IPv4 peer */

        HandleTCPClient(clntSock); /* echo until the client closes; closes clntSock */
    }
    /* never gets here */
}
