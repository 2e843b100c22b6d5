/* MulticastSender.c: sends a string to a multicast group every 3 seconds, forever,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* fprintf() */
#include <sys/socket.h> /* socket(), setsockopt() and sendto() */
#include <arpa/inet.h>  /* struct sockaddr_in, htons() and inet_addr() */
#include <stdlib.h>     /* atoi() and exit() */
#include <string.h>     /* memset() and strlen() */
#include <unistd.h>     /* sleep() */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */

int main(int argc, char *argv[])
{
    int sock;                         /* the datagram socket */
    struct sockaddr_in multicastAddr; /* the group and port every datagram goes to */
    char *multicastIP;                /* the group's address as dotted quad */
    unsigned short multicastPort;     /* the receivers' port */
    char *sendString;                 /* the string to multicast */
    unsigned char multicastTTL;       /* how many routers a datagram may cross */
    unsigned int sendStringLen;       /* length of the string in bytes */

    if ((argc < 4) || (argc > 5)) /* address, port and string are required, TTL is optional */
    {
        fprintf(stderr, "Usage:  %s <Multicast Address> <Port> <Send String> [<TTL>]\n", argv[0]);
        exit(1);
    }

    multicastIP = argv[1];         /* first argument: the group */
    multicastPort = atoi(argv[2]); /* second argument: the port */
    sendString = argv[3];          /* third argument: the string */

    if (argc == 5)
        multicastTTL = atoi(argv[4]); /* a TTL was given: use it (its low 8 bits) */
    else
        multicastTTL = 1; /* otherwise stay on the local network */

    /* Ask for an IPv4 datagram socket speaking UDP */
    if ((sock = socket(PF_INET, SOCK_DGRAM, IPPROTO_UDP)) < 0)
        DieWithError("socket() failed"); /* no descriptor was handed out */

    /* Set the TTL of the multicast datagrams (the default is 1) */
    if (setsockopt(sock, IPPROTO_IP, IP_MULTICAST_TTL, (void *) &multicastTTL,
                   sizeof(multicastTTL)) < 0)
        DieWithError("setsockopt() failed");

    /* Fill in the group's address. A malformed one is INADDR_NONE, 255.255.255.255: without
     * SO_BROADCAST the kernel refuses to send there, so sendto() below reports it */
    memset(&multicastAddr, 0, sizeof(multicastAddr));       /* clear padding and unused fields */
    multicastAddr.sin_family = AF_INET;                     /* an IPv4 address */
    multicastAddr.sin_addr.s_addr = inet_addr(multicastIP); /* dotted quad to network order */
    multicastAddr.sin_port = htons(multicastPort);          /* port in network byte order */

    sendStringLen = strlen(sendString); /* the datagram carries no NUL */
    for (;;) /* until killed */
    {
        /* One datagram to every member of the group, then a pause */
        if (sendto(sock, sendString, sendStringLen, 0, (struct sockaddr *) &multicastAddr,
                   sizeof(multicastAddr)) != sendStringLen)
            DieWithError("sendto() sent a different number of bytes than expected");

        sleep(3); /* not to flood the network */
    }
    /* never reached */
}
