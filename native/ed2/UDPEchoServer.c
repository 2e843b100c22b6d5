/* UDPEchoServer.c: returns every datagram to its sender, on the first address getaddrinfo()
 * gives for a passive socket, following the structure of Donahoo & Calvert's
 * TCP/IP Sockets in C (2nd ed.) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* fputs(), fputc() and stdout */
#include <stdlib.h>     /* exit() */
#include <string.h>     /* memset() */
#include <sys/types.h>  /* ssize_t */
#include <sys/socket.h> /* socket(), bind(), recvfrom() and sendto() */
#include <netdb.h>      /* getaddrinfo(), gai_strerror() and freeaddrinfo() */
#include "Practical.h"  /* DieWith...Message(), PrintSocketAddress() and MAXSTRINGLENGTH */

int main(int argc, char *argv[])
{
    if (argc != 2) /* exactly one argument: the port */
        DieWithUserMessage("Parameter(s)", "<Server Port/Service>");

    char *service = argv[1]; /* the only argument: the local port or service name */

    /* Say which kind of local address is wanted */
    struct addrinfo addrCriteria;                   /* the hints for getaddrinfo() */
    memset(&addrCriteria, 0, sizeof(addrCriteria)); /* zero means "any" for every field not set */
    addrCriteria.ai_family = AF_UNSPEC;             /* IPv4 or IPv6, whichever comes first */
    addrCriteria.ai_flags = AI_PASSIVE;             /* a wildcard address, to receive on every interface */
    addrCriteria.ai_socktype = SOCK_DGRAM;          /* only addresses for datagram sockets */
    addrCriteria.ai_protocol = IPPROTO_UDP;         /* only UDP */

    /* Look the service up (no host: the wildcard address) */
    struct addrinfo *servAddr; /* the list getaddrinfo() allocates; the first entry is used */
    int rtnVal = getaddrinfo(NULL, service, &addrCriteria, &servAddr);
    if (rtnVal != 0) /* getaddrinfo() reports through its result, not errno */
        DieWithUserMessage("getaddrinfo() failed", gai_strerror(rtnVal));

    /* A socket of the first address's family */
    int sock = socket(servAddr->ai_family, servAddr->ai_socktype,
                      servAddr->ai_protocol); /* the server's datagram socket */
    if (sock < 0)
        DieWithSystemMessage("socket() failed"); /* no descriptor was handed out */

    /* Claim the port */
    if (bind(sock, servAddr->ai_addr, servAddr->ai_addrlen) < 0)
        DieWithSystemMessage("bind() failed"); /* e.g. the port is already taken */

    freeaddrinfo(servAddr); /* give back the list getaddrinfo() allocated */

    for (;;) /* serve datagrams one after another, never stopping */
    {
        struct sockaddr_storage clntAddr;         /* the sender's address; room for any family */
        socklen_t clntAddrLen = sizeof(clntAddr); /* in: room in clntAddr; out: size used */

        /* Block until a datagram arrives */
        char buffer[MAXSTRINGLENGTH]; /* one datagram; a longer one is cut to this size */
        ssize_t numBytesRcvd = recvfrom(sock, buffer, MAXSTRINGLENGTH, 0,
                                        (struct sockaddr *) &clntAddr, &clntAddrLen);
        if (numBytesRcvd < 0)
            DieWithSystemMessage("recvfrom() failed"); /* nothing was received */

        fputs("Handling client ", stdout);                         /* label */
        PrintSocketAddress((struct sockaddr *) &clntAddr, stdout); /* address-port of the sender */
        fputc('\n', stdout);                                       /* end the line */

        /* Send the datagram back to where it came from. Book bug fixed: it passed
         * sizeof(clntAddr) as the address length, not the length recvfrom() wrote */
        ssize_t numBytesSent = sendto(sock, buffer, numBytesRcvd, 0,
                                      (struct sockaddr *) &clntAddr, clntAddrLen);
        if (numBytesSent < 0)
            DieWithSystemMessage("sendto() failed"); /* Book typo fixed: its message was "sendto() failed)" */
        else if (numBytesSent != numBytesRcvd)
            DieWithUserMessage("sendto()", "sent unexpected number of bytes");
    }
    /* never gets here */
}
