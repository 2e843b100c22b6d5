/* UDPEchoClient.c: sends one word to a UDP echo server over IPv4 or IPv6 and prints the echo,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd ed.) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() */
#include <stdlib.h>     /* exit() */
#include <string.h>     /* memset() and strlen() */
#include <unistd.h>     /* close() */
#include <sys/socket.h> /* socket(), sendto() and recvfrom() */
#include <netdb.h>      /* getaddrinfo(), gai_strerror() and freeaddrinfo() */
#include "Practical.h"  /* DieWith...Message(), SockAddrsEqual() and MAXSTRINGLENGTH */

int main(int argc, char *argv[])
{
    if (argc < 3 || argc > 4) /* server and word are required, the service is optional */
        DieWithUserMessage("Parameter(s)",
                           "<Server Address/Name> <Echo Word> [<Server Port/Service>]");

    char *server = argv[1];     /* first argument: the server's name or address */
    char *echoString = argv[2]; /* second argument: the word */

    size_t echoStringLen = strlen(echoString); /* how many bytes to send and expect back */
    if (echoStringLen > MAXSTRINGLENGTH)       /* the reply buffer holds no more */
        DieWithUserMessage(echoString, "string too long");

    /* third argument, if given: the server's port or service name */
    char *servPort = (argc == 4) ? argv[3] : "echo";

    /* Say which kinds of address are wanted */
    struct addrinfo addrCriteria;                   /* the hints for getaddrinfo() */
    memset(&addrCriteria, 0, sizeof(addrCriteria)); /* zero means "any" for every field not set */
    addrCriteria.ai_family = AF_UNSPEC;             /* IPv4 and IPv6 alike */
    addrCriteria.ai_socktype = SOCK_DGRAM;          /* only addresses for datagram sockets */
    addrCriteria.ai_protocol = IPPROTO_UDP;         /* only UDP */

    /* Look the server up */
    struct addrinfo *servAddr; /* the list getaddrinfo() allocates; the first entry is used */
    int rtnVal = getaddrinfo(server, servPort, &addrCriteria, &servAddr);
    if (rtnVal != 0) /* getaddrinfo() reports through its result, not errno */
        DieWithUserMessage("getaddrinfo() failed", gai_strerror(rtnVal));

    /* A socket of the first address's family */
    int sock = socket(servAddr->ai_family, servAddr->ai_socktype,
                      servAddr->ai_protocol); /* the client's datagram socket */
    if (sock < 0)
        DieWithSystemMessage("socket() failed"); /* no descriptor was handed out */

    /* Send the word as one datagram */
    ssize_t numBytes = sendto(sock, echoString, echoStringLen, 0,
                              servAddr->ai_addr, servAddr->ai_addrlen);
    if (numBytes < 0)
        DieWithSystemMessage("sendto() failed"); /* nothing was sent */
    else if ((size_t) numBytes != echoStringLen) /* the cast is safe: numBytes is not negative here */
        DieWithUserMessage("sendto() error", "sent unexpected number of bytes");

    /* Wait for the echo */
    struct sockaddr_storage fromAddr;         /* where the reply came from; room for any family */
    socklen_t fromAddrLen = sizeof(fromAddr); /* in: room in fromAddr; out: size used */
    char buffer[MAXSTRINGLENGTH + 1];         /* the echo plus a terminating NUL */
    numBytes = recvfrom(sock, buffer, MAXSTRINGLENGTH, 0,
                        (struct sockaddr *) &fromAddr, &fromAddrLen);
    if (numBytes < 0)
        DieWithSystemMessage("recvfrom() failed"); /* nothing was received */
    else if ((size_t) numBytes != echoStringLen)   /* the cast is safe: numBytes is not negative here */
        DieWithUserMessage("recvfrom() error", "received unexpected number of bytes");

    /* Anyone may send to this socket: accept only the server's answer */
    if (!SockAddrsEqual(servAddr->ai_addr, (struct sockaddr *) &fromAddr))
        DieWithUserMessage("recvfrom()", "received a packet from unknown source");

    freeaddrinfo(servAddr); /* give back the list getaddrinfo() allocated */

    buffer[echoStringLen] = '\0';     /* make the echo a C string */
    printf("Received: %s\n", buffer); /* as an argument, never as the format */

    close(sock); /* done with the socket */
    exit(0);
}
