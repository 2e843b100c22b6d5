/* TCPServerUtility.c: the TCP echo server's steps, for any address family: a listening socket
 * for a service, the next client, and its echo, following the structure of Donahoo &
 * Calvert's TCP/IP Sockets in C (2nd edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* fputs(), fputc() and stdout */
#include <sys/socket.h> /* socket(), bind(), listen(), getsockname(), accept(), send(), recv() */
#include <unistd.h>     /* close() */
#include <netdb.h>      /* getaddrinfo(), freeaddrinfo() and gai_strerror() */
#include <string.h>     /* memset() */
#include "Practical.h"  /* DieWith...Message(), PrintSocketAddress() and BUFSIZE */

static const int MAXPENDING = 5; /* queue length for connections not yet accepted */

int SetupTCPServerSocket(const char *service)
{
    /* Say which kinds of local address are wanted */
    struct addrinfo addrCriteria;                   /* what the addresses must be */
    memset(&addrCriteria, 0, sizeof(addrCriteria)); /* no other flag, no other constraint */
    addrCriteria.ai_family = AF_UNSPEC;             /* IPv4 or IPv6 */
    addrCriteria.ai_flags = AI_PASSIVE;             /* with no host: the wildcard addresses, to bind */
    addrCriteria.ai_socktype = SOCK_STREAM;         /* stream sockets only */
    addrCriteria.ai_protocol = IPPROTO_TCP;         /* speaking TCP */

    struct addrinfo *servAddr; /* the list getaddrinfo() allocates */
    int rtnVal = getaddrinfo(NULL, service, &addrCriteria, &servAddr);
    if (rtnVal != 0)
        DieWithUserMessage("getaddrinfo() failed", gai_strerror(rtnVal)); /* getaddrinfo() sets no errno */

    int servSock = -1; /* stays -1 unless some address binds and listens */
    for (struct addrinfo *addr = servAddr; addr != NULL; addr = addr->ai_next)
    {
        /* A stream socket of this address's family */
        servSock = socket(addr->ai_family, addr->ai_socktype,
                          addr->ai_protocol);
        if (servSock < 0)
            continue; /* e.g. no IPv6 here: try the next address */

        /* Claim the address, then let clients queue up on it */
        if ((bind(servSock, addr->ai_addr, addr->ai_addrlen) == 0) &&
            (listen(servSock, MAXPENDING) == 0))
        {
            /* Say where the server listens, as the system filled it in */
            struct sockaddr_storage localAddr;      /* room for an address of any family */
            socklen_t addrSize = sizeof(localAddr); /* in: the room; out: the size used */
            if (getsockname(servSock, (struct sockaddr *) &localAddr, &addrSize) < 0)
                DieWithSystemMessage("getsockname() failed"); /* the socket has no local address */
            fputs("Binding to ", stdout);                               /* label in front of the address */
            PrintSocketAddress((struct sockaddr *) &localAddr, stdout); /* address-port */
            fputc('\n', stdout);                                        /* end the line */
            break; /* bound and listening: this is the socket to return */
        }

        close(servSock); /* e.g. the port is taken: give the descriptor back */
        servSock = -1;   /* and try the next address */
    }

    freeaddrinfo(servAddr); /* the list is not needed any more */

    return servSock; /* listening, or -1: the caller reports it */
}

int AcceptTCPConnection(int servSock)
{
    struct sockaddr_storage clntAddr;         /* room for a client address of any family */
    socklen_t clntAddrLen = sizeof(clntAddr); /* in: the room; out: the size used */

    /* Block until a client connects */
    int clntSock = accept(servSock, (struct sockaddr *) &clntAddr, &clntAddrLen);
    if (clntSock < 0)
        DieWithSystemMessage("accept() failed"); /* no connection was handed over */

    /* clntSock now talks to the client */

    fputs("Handling client ", stdout);                         /* label in front of the peer */
    PrintSocketAddress((struct sockaddr *) &clntAddr, stdout); /* address-port of the client */
    fputc('\n', stdout);                                       /* end the line */

    return clntSock; /* the caller serves it */
}

void HandleTCPClient(int clntSocket)
{
    char buffer[BUFSIZE]; /* holds one chunk on its way back */

    /* Take the first chunk from the client */
    ssize_t numBytesRcvd = recv(clntSocket, buffer, BUFSIZE, 0);
    if (numBytesRcvd < 0)
        DieWithSystemMessage("recv() failed"); /* a negative count means an error */

    while (numBytesRcvd > 0) /* zero means the client closed its side */
    {
        /* Return exactly the bytes that came in */
        ssize_t numBytesSent = send(clntSocket, buffer, numBytesRcvd, 0);
        if (numBytesSent < 0)
            DieWithSystemMessage("send() failed"); /* errno says why */
        else if (numBytesSent != numBytesRcvd)
            DieWithUserMessage("send()", "sent unexpected number of bytes"); /* a short send: no errno */

        /* Take the next chunk, if there is one */
        numBytesRcvd = recv(clntSocket, buffer, BUFSIZE, 0);
        if (numBytesRcvd < 0)
            DieWithSystemMessage("recv() failed"); /* same check as above */
    }

    close(clntSocket); /* done with this client: release its socket */
}
