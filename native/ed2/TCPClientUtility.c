/* TCPClientUtility.c: a TCP socket connected to a server named by host and service, whichever
 * address family getaddrinfo() finds it at, following the structure of Donahoo & Calvert's
 * TCP/IP Sockets in C (2nd edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <string.h>     /* memset() */
#include <unistd.h>     /* close() */
#include <sys/types.h>  /* the types getaddrinfo() takes */
#include <sys/socket.h> /* socket() and connect() */
#include <netdb.h>      /* getaddrinfo(), freeaddrinfo() and gai_strerror() */
#include "Practical.h"  /* DieWithUserMessage() */

int SetupTCPClientSocket(const char *host, const char *service)
{
    /* Say which kinds of address are wanted */
    struct addrinfo addrCriteria;                   /* what the addresses must be */
    memset(&addrCriteria, 0, sizeof(addrCriteria)); /* no flags, no other constraint */
    addrCriteria.ai_family = AF_UNSPEC;             /* IPv4 or IPv6, whichever the host has */
    addrCriteria.ai_socktype = SOCK_STREAM;         /* stream sockets only */
    addrCriteria.ai_protocol = IPPROTO_TCP;         /* speaking TCP */

    /* Look up the server's addresses */
    struct addrinfo *servAddr; /* the list getaddrinfo() allocates */
    int rtnVal = getaddrinfo(host, service, &addrCriteria, &servAddr);
    if (rtnVal != 0)
        DieWithUserMessage("getaddrinfo() failed", gai_strerror(rtnVal)); /* getaddrinfo() sets no errno */

    int sock = -1; /* stays -1 unless some address connects */
    for (struct addrinfo *addr = servAddr; addr != NULL; addr = addr->ai_next)
    {
        /* A stream socket of this address's family */
        sock = socket(addr->ai_family, addr->ai_socktype, addr->ai_protocol);
        if (sock < 0)
            continue; /* e.g. no IPv6 here: try the next address */

        /* Try to reach the server at this address */
        if (connect(sock, addr->ai_addr, addr->ai_addrlen) == 0)
            break; /* connected: this is the socket to return */

        close(sock); /* refused or unreachable: give the descriptor back */
        sock = -1;   /* and try the next address */
    }

    freeaddrinfo(servAddr); /* the list is not needed any more */
    return sock;            /* connected, or -1: the caller reports it */
}
