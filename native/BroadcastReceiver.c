/* BroadcastReceiver.c: receives one broadcast datagram on a port and prints it,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() and fprintf() */
#include <sys/socket.h> /* socket(), bind() and recvfrom() */
#include <arpa/inet.h>  /* struct sockaddr_in, htons() and htonl() */
#include <stdlib.h>     /* atoi() and exit() */
#include <string.h>     /* memset() */
#include <unistd.h>     /* close() */

#define MAXRECVSTRING 255 /* the longest string taken from a datagram */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */

int main(int argc, char *argv[])
{
    int sock;                         /* the datagram socket */
    struct sockaddr_in broadcastAddr; /* the local address to bind */
    unsigned short broadcastPort;     /* the port the senders send to */
    char recvString[MAXRECVSTRING + 1]; /* the string, plus the NUL added after it */
    int recvStringLen;                /* bytes the datagram gave */

    if (argc != 2) /* the port is the one argument */
    {
        fprintf(stderr, "Usage: %s <Broadcast Port>\n", argv[0]);
        exit(1);
    }

    broadcastPort = atoi(argv[1]); /* first argument: the port */

    /* Ask for an IPv4 datagram socket speaking UDP */
    if ((sock = socket(PF_INET, SOCK_DGRAM, IPPROTO_UDP)) < 0)
        DieWithError("socket() failed"); /* no descriptor was handed out */

    /* Fill in the local address: the port on every interface */
    memset(&broadcastAddr, 0, sizeof(broadcastAddr));  /* clear padding and unused fields */
    broadcastAddr.sin_family = AF_INET;                /* an IPv4 address */
    broadcastAddr.sin_addr.s_addr = htonl(INADDR_ANY); /* a broadcast arrives on any interface */
    broadcastAddr.sin_port = htons(broadcastPort);     /* port in network byte order */

    /* Take the port */
    if (bind(sock, (struct sockaddr *) &broadcastAddr, sizeof(broadcastAddr)) < 0)
        DieWithError("bind() failed"); /* e.g. another socket has it */

    /* Wait for one datagram; at most MAXRECVSTRING bytes, so the NUL still fits */
    if ((recvStringLen = recvfrom(sock, recvString, MAXRECVSTRING, 0, NULL, 0)) < 0)
        DieWithError("recvfrom() failed");

    recvString[recvStringLen] = '\0';     /* make the datagram a C string */
    printf("Received: %s\n", recvString); /* as a %s argument, never a format */

    close(sock); /* done with the socket */
    exit(0);
}
