/* UDPEchoClient.c: sends one word to a UDP echo server in one datagram and prints the reply,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() and fprintf() */
#include <sys/socket.h> /* socket(), sendto() and recvfrom() */
#include <arpa/inet.h>  /* struct sockaddr_in, htons() and inet_addr() */
#include <stdlib.h>     /* atoi() and exit() */
#include <string.h>     /* memset() and strlen() */
#include <unistd.h>     /* close() */

#define ECHOMAX 255 /* the longest word sent, and the most taken from the reply */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */

int main(int argc, char *argv[])
{
    int sock;                        /* the datagram socket */
    struct sockaddr_in echoServAddr; /* where the server is */
    struct sockaddr_in fromAddr;     /* where the reply came from */
    unsigned short echoServPort;     /* the server's port */
    socklen_t fromSize;              /* socklen_t, not the book's unsigned int: it is recvfrom()'s type */
    char *servIP;                    /* the server's IPv4 address as dotted quad */
    char *echoString;                /* the word to send */
    char echoBuffer[ECHOMAX + 1];    /* the reply plus a terminating NUL (the book has the + 1 too) */
    int echoStringLen;               /* length of the word in bytes */
    int respStringLen;               /* length of the reply in bytes */

    if ((argc < 3) || (argc > 4)) /* address and word are required, port is optional */
    {
        fprintf(stderr, "Usage: %s <Server IP> <Echo Word> [<Echo Port>]\n", argv[0]);
        exit(1);
    }

    servIP = argv[1];     /* first argument: the server address */
    echoString = argv[2]; /* second argument: the word */

    if ((echoStringLen = strlen(echoString)) > ECHOMAX) /* (Linux caps one argument at 128 KiB: fits an int) */
        DieWithError("Echo word too long"); /* the reply would not fit the buffer */

    if (argc == 4)
        echoServPort = atoi(argv[3]); /* a port was given: use it */
    else
        echoServPort = 7; /* otherwise the standard echo port */

    /* Ask for an IPv4 datagram socket speaking UDP */
    if ((sock = socket(PF_INET, SOCK_DGRAM, IPPROTO_UDP)) < 0)
        DieWithError("socket() failed"); /* no descriptor was handed out */

    /* Fill in the server's address */
    memset(&echoServAddr, 0, sizeof(echoServAddr));   /* clear padding and unused fields */
    echoServAddr.sin_family = AF_INET;                /* an IPv4 address */
    echoServAddr.sin_addr.s_addr = inet_addr(servIP); /* dotted quad to network order */
    echoServAddr.sin_port = htons(echoServPort);      /* port in network byte order */

    /* Send the word as one datagram */
    if (sendto(sock, echoString, echoStringLen, 0, (struct sockaddr *) &echoServAddr,
               sizeof(echoServAddr)) != echoStringLen)
        DieWithError("sendto() sent a different number of bytes than expected");

    /* Wait for the reply (forever, as the book does: a lost datagram leaves the client waiting) */
    fromSize = sizeof(fromAddr); /* recvfrom() reads this as the room available */
    if ((respStringLen = recvfrom(sock, echoBuffer, ECHOMAX, 0,
                                  (struct sockaddr *) &fromAddr, &fromSize)) != echoStringLen)
        DieWithError("recvfrom() failed"); /* an error, or a reply of another length */

    /* The book checks the sender's address only, not its port */
    if (echoServAddr.sin_addr.s_addr != fromAddr.sin_addr.s_addr)
    {
        fprintf(stderr, "Error: received a packet from unknown source.\n");
        exit(1); /* someone else answered */
    }

    echoBuffer[respStringLen] = '\0';     /* at most ECHOMAX bytes came: the NUL fits */
    printf("Received: %s\n", echoBuffer); /* the echoed word */

    close(sock); /* done with the socket */
    exit(0);
}
