/* MulticastReceiver.c: joins a multicast group, receives one datagram and prints it,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() and fprintf() */
#include <sys/socket.h> /* socket(), bind(), setsockopt() and recvfrom() */
#include <arpa/inet.h>  /* struct sockaddr_in, struct ip_mreq, htons(), htonl() and inet_addr() */
#include <stdlib.h>     /* atoi() and exit() */
#include <string.h>     /* memset() */
#include <unistd.h>     /* close() */

#define MAXRECVSTRING 255 /* the longest string taken from a datagram */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */

int main(int argc, char *argv[])
{
    int sock;                           /* the datagram socket */
    struct sockaddr_in multicastAddr;   /* the local address to bind */
    char *multicastIP;                  /* the group's address as dotted quad */
    unsigned short multicastPort;       /* the port the senders send to */
    char recvString[MAXRECVSTRING + 1]; /* the string, plus the NUL added after it */
    int recvStringLen;                  /* bytes the datagram gave */
    struct ip_mreq multicastRequest;    /* which group to join, on which interface */

    if (argc != 3) /* the group and the port are the two arguments */
    {
        fprintf(stderr, "Usage: %s <Multicast IP> <Multicast Port>\n", argv[0]);
        exit(1);
    }

    multicastIP = argv[1];         /* first argument: the group */
    multicastPort = atoi(argv[2]); /* second argument: the port */

    /* Ask for an IPv4 datagram socket speaking UDP */
    if ((sock = socket(PF_INET, SOCK_DGRAM, IPPROTO_UDP)) < 0)
        DieWithError("socket() failed"); /* no descriptor was handed out */

    /* Fill in the local address: the port on every interface */
    memset(&multicastAddr, 0, sizeof(multicastAddr));  /* clear padding and unused fields */
    multicastAddr.sin_family = AF_INET;                /* an IPv4 address */
    multicastAddr.sin_addr.s_addr = htonl(INADDR_ANY); /* the group's datagrams arrive on any interface */
    multicastAddr.sin_port = htons(multicastPort);     /* port in network byte order */

    /* Take the port */
    if (bind(sock, (struct sockaddr *) &multicastAddr, sizeof(multicastAddr)) < 0)
        DieWithError("bind() failed"); /* e.g. another socket has it */

    /* Join the group: the kernel then passes its datagrams to this host */
    multicastRequest.imr_multiaddr.s_addr = inet_addr(multicastIP); /* the group */
    multicastRequest.imr_interface.s_addr = htonl(INADDR_ANY);      /* the interface the route to it names */
    if (setsockopt(sock, IPPROTO_IP, IP_ADD_MEMBERSHIP, (void *) &multicastRequest,
                   sizeof(multicastRequest)) < 0)
        DieWithError("setsockopt() failed"); /* e.g. not a multicast address, or no route to it */

    /* Wait for one datagram; at most MAXRECVSTRING bytes, so the NUL still fits */
    if ((recvStringLen = recvfrom(sock, recvString, MAXRECVSTRING, 0, NULL, 0)) < 0)
        DieWithError("recvfrom() failed");

    recvString[recvStringLen] = '\0';     /* make the datagram a C string */
    printf("Received: %s\n", recvString); /* as a %s argument, never a format */

    close(sock); /* done with the socket */
    exit(0);
}
