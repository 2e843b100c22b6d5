/* GetAddrInfo.c: prints every address getaddrinfo() gives for a host and service, one a line,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd ed.) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>     /* fputc() and stdout */
#include <stdlib.h>    /* exit() */
#include <string.h>    /* memset() */
#include <netdb.h>     /* getaddrinfo(), gai_strerror() and freeaddrinfo() */
#include "Practical.h" /* DieWithUserMessage() and PrintSocketAddress() */

int main(int argc, char *argv[])
{
    if (argc != 3) /* exactly two arguments: what to look up and for which service */
        DieWithUserMessage("Parameter(s)", "<Address/Name> <Port/Service>");

    char *addrString = argv[1]; /* first argument: a host name or a numeric address */
    char *portString = argv[2]; /* second argument: a service name or a port number */

    /* Say which kinds of address are wanted */
    struct addrinfo addrCriteria;                   /* the hints for getaddrinfo() */
    memset(&addrCriteria, 0, sizeof(addrCriteria)); /* zero means "any" for every field not set */
    addrCriteria.ai_family = AF_UNSPEC;             /* IPv4 and IPv6 alike */
    addrCriteria.ai_socktype = SOCK_STREAM;         /* only addresses for stream sockets */
    addrCriteria.ai_protocol = IPPROTO_TCP;         /* only TCP */

    /* Look the name and the service up */
    struct addrinfo *addrList; /* the list getaddrinfo() allocates */
    int rtnVal = getaddrinfo(addrString, portString, &addrCriteria, &addrList);
    if (rtnVal != 0) /* getaddrinfo() reports through its result, not errno */
        DieWithUserMessage("getaddrinfo() failed", gai_strerror(rtnVal));

    /* Print each address found, one a line */
    for (struct addrinfo *addr = addrList; addr != NULL; addr = addr->ai_next)
    {
        PrintSocketAddress(addr->ai_addr, stdout); /* address-port */
        fputc('\n', stdout);                       /* end the line */
    }

    freeaddrinfo(addrList); /* give back the list getaddrinfo() allocated */

    exit(0);
}
