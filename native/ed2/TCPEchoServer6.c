/* TCPEchoServer6.c: an iterative TCP echo server on every local IPv6 address (and, where the
 * system maps them, IPv4 ones), serving one client at a time, following the structure of
 * Donahoo & Calvert's TCP/IP Sockets in C (2nd edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() and puts() */
#include <stdlib.h>     /* atoi() */
#include <string.h>     /* memset() */
#include <sys/types.h>  /* the types the socket calls take */
#include <sys/socket.h> /* socket(), bind(), listen() and accept() */
#include <netinet/in.h> /* struct sockaddr_in6, in6addr_any, in_port_t and IPPROTO_TCP */
#include <arpa/inet.h>  /* htons(), ntohs() and inet_ntop() */
#include "Practical.h"  /* DieWith...Message() and HandleTCPClient() */

static const int MAXPENDING = 5; /* queue length for connections not yet accepted */

int main(int argc, char *argv[])
{
    if (argc != 2) /* exactly one argument: the port */
        DieWithUserMessage("Parameter(s)", "<Server Port>");

    in_port_t servPort = atoi(argv[1]); /* the only argument is the port */

    /* Ask for an IPv6 stream socket speaking TCP */
    int servSock = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
    if (servSock < 0)
        DieWithSystemMessage("socket() failed"); /* e.g. a kernel without IPv6 */

    /* Fill in the local address */
    struct sockaddr_in6 servAddr;           /* our own address */
    memset(&servAddr, 0, sizeof(servAddr)); /* clear padding, flow info and scope */
    servAddr.sin6_family = AF_INET6;        /* an IPv6 address */
    servAddr.sin6_addr = in6addr_any;       /* accept on all local interfaces */
    servAddr.sin6_port = htons(servPort);   /* port in network byte order */

    /* Claim the port */
    if (bind(servSock, (struct sockaddr *) &servAddr, sizeof(servAddr)) < 0)
        DieWithSystemMessage("bind() failed"); /* e.g. the port is already taken */

    /* Let clients queue up on the socket */
    if (listen(servSock, MAXPENDING) < 0)
        DieWithSystemMessage("listen() failed"); /* the socket cannot be made passive */

    for (;;) /* serve clients one after another, never stopping */
    {
        struct sockaddr_in6 clntAddr;             /* the connected client's address */
        socklen_t clntAddrLen = sizeof(clntAddr); /* in: the room; out: the size used */

        /* Block until a client connects */
        int clntSock = accept(servSock, (struct sockaddr *) &clntAddr, &clntAddrLen);
        if (clntSock < 0)
            DieWithSystemMessage("accept() failed"); /* no connection was handed over */

        /* clntSock now talks to the client */

        char clntName[INET6_ADDRSTRLEN]; /* the client's address as IPv6 text */
        if (inet_ntop(AF_INET6, &clntAddr.sin6_addr.s6_addr, clntName,
                      sizeof(clntName)) != NULL)
            printf("Handling client %s/%d\n", clntName, ntohs(clntAddr.sin6_port)); /* address/port */
        else
            puts("Unable to get client address"); /* cannot happen for an IPv6 peer */

        HandleTCPClient(clntSock); /* echo until the client closes; closes clntSock */
    }
    /* never gets here */
}
