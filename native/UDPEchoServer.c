/* UDPEchoServer.c: a UDP echo server that returns every datagram to its sender, forever,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() and fprintf() */
#include <sys/socket.h> /* socket(), bind(), recvfrom() and sendto() */
#include <arpa/inet.h>  /* struct sockaddr_in, htons(), htonl() and inet_ntoa() */
#include <stdlib.h>     /* atoi() and exit() */
#include <string.h>     /* memset() */

#define ECHOMAX 255 /* the longest datagram echoed; a longer one is cut to this */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */

int main(int argc, char *argv[])
{
    int sock;                        /* the datagram socket */
    struct sockaddr_in echoServAddr; /* our own address */
    struct sockaddr_in echoClntAddr; /* the sender of the last datagram */
    socklen_t cliAddrLen;            /* socklen_t, not the book's unsigned int: it is recvfrom()'s type */
    char echoBuffer[ECHOMAX];        /* one datagram on its way back (never printed: no NUL needed) */
    unsigned short echoServPort;     /* port to receive on */
    int recvMsgSize;                 /* bytes in the last datagram */

    if (argc != 2) /* exactly one argument: the port */
    {
        fprintf(stderr, "Usage: %s <UDP SERVER PORT>\n", argv[0]);
        exit(1);
    }

    echoServPort = atoi(argv[1]); /* the only argument is the port */

    /* Ask for an IPv4 datagram socket speaking UDP */
    if ((sock = socket(PF_INET, SOCK_DGRAM, IPPROTO_UDP)) < 0)
        DieWithError("socket() failed"); /* no descriptor was handed out */

    /* Fill in the local address */
    memset(&echoServAddr, 0, sizeof(echoServAddr));   /* clear padding and unused fields */
    echoServAddr.sin_family = AF_INET;                /* an IPv4 address */
    echoServAddr.sin_addr.s_addr = htonl(INADDR_ANY); /* receive on all local interfaces */
    echoServAddr.sin_port = htons(echoServPort);      /* port in network byte order */

    /* Claim the port */
    if (bind(sock, (struct sockaddr *) &echoServAddr, sizeof(echoServAddr)) < 0)
        DieWithError("bind() failed"); /* e.g. the port is already taken */

    for (;;) /* echo datagrams one after another, never stopping */
    {
        /* recvfrom() reads this as the room available and writes back the size used */
        cliAddrLen = sizeof(echoClntAddr);

        /* Block until a datagram arrives */
        if ((recvMsgSize = recvfrom(sock, echoBuffer, ECHOMAX, 0,
                                    (struct sockaddr *) &echoClntAddr, &cliAddrLen)) < 0)
            DieWithError("recvfrom() failed"); /* no datagram was delivered */

        printf("Handling client %s\n", inet_ntoa(echoClntAddr.sin_addr)); /* dotted-quad sender address */

        /* Send the same bytes back to where they came from */
        if (sendto(sock, echoBuffer, recvMsgSize, 0, (struct sockaddr *) &echoClntAddr,
                   sizeof(echoClntAddr)) != recvMsgSize)
            DieWithError("sendto() sent a different number of bytes than expected");
    }
    /* never gets here */
}
