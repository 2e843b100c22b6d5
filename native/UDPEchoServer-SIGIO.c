/* UDPEchoServer-SIGIO.c: a UDP echo server that echoes in a SIGIO handler (the socket is
 * non-blocking and asynchronous) while main prints a dot and sleeps, forever,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() and fprintf() */
#include <sys/socket.h> /* socket(), bind(), recvfrom() and sendto() */
#include <arpa/inet.h>  /* struct sockaddr_in, htons(), htonl() and inet_ntoa() */
#include <stdlib.h>     /* atoi() and exit() */
#include <string.h>     /* memset() */
#include <unistd.h>     /* getpid() and sleep() */
#include <fcntl.h>      /* fcntl(), F_SETOWN, F_SETFL, O_NONBLOCK and FASYNC */
#include <signal.h>     /* sigaction() and sigfillset() */
#include <errno.h>      /* errno and EWOULDBLOCK */

#define ECHOMAX 255 /* the longest datagram echoed; a longer one is cut to this */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */
void UseIdleTime(void);                /* what main does while nothing arrives */
void SIGIOHandler(int signalType);     /* what SIGIO runs: echo every datagram waiting */

int sock; /* the datagram socket: global, the handler uses it */

int main(int argc, char *argv[])
{
    struct sockaddr_in echoServAddr; /* our own address */
    unsigned short echoServPort;     /* port to receive on */
    struct sigaction handler;        /* what to do on SIGIO */

    if (argc != 2) /* exactly one argument: the port */
    {
        fprintf(stderr, "Usage:  %s <SERVER PORT>\n", argv[0]);
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

    /* Set the handler of SIGIO */
    handler.sa_handler = SIGIOHandler;      /* echo what is waiting */
    if (sigfillset(&handler.sa_mask) < 0)   /* block every signal while it runs */
        DieWithError("sigfillset() failed");
    handler.sa_flags = 0;                   /* no flags: sleep() ends early on SIGIO */

    if (sigaction(SIGIO, &handler, 0) < 0)  /* install it */
        DieWithError("sigaction() failed for SIGIO");

    /* SIGIO of this socket goes to this process */
    if (fcntl(sock, F_SETOWN, getpid()) < 0)
        DieWithError("Unable to set process owner to us");

    /* Never block in recvfrom(), and raise SIGIO when a datagram arrives */
    if (fcntl(sock, F_SETFL, O_NONBLOCK | FASYNC) < 0)
        DieWithError("Unable to put client sock into non-blocking/async mode");

    /* Echoing happens in the handler; main does something else meanwhile */
    for (;;)
        UseIdleTime();

    /* never gets here */
}

void UseIdleTime(void)
{
    printf(".\n"); /* one dot a round (a pipe gets them when stdio's buffer fills, or at exit) */
    sleep(3);      /* three seconds, or less: SIGIO ends it early */
}

void SIGIOHandler(int signalType)
{
    struct sockaddr_in echoClntAddr; /* the sender of the last datagram */
    socklen_t clntLen;               /* socklen_t, not the book's unsigned int: it is recvfrom()'s type */
    int recvMsgSize;                 /* bytes in the last datagram, or -1 */
    char echoBuffer[ECHOMAX];        /* one datagram on its way back (never printed: no NUL needed) */

    (void) signalType; /* SIGIO is the only signal it handles */
    do /* until recvfrom() says nothing is left */
    {
        /* recvfrom() reads this as the room available and writes back the size used */
        clntLen = sizeof(echoClntAddr);

        if ((recvMsgSize = recvfrom(sock, echoBuffer, ECHOMAX, 0,
                                    (struct sockaddr *) &echoClntAddr, &clntLen)) < 0)
        {
            /* non-blocking: EWOULDBLOCK means every datagram was taken, anything else is an error */
            if (errno != EWOULDBLOCK)
                DieWithError("recvfrom() failed");
        }
        else
        {
            /* (printf in a handler is the book's: main's only other stdio call is its printf of a dot) */
            printf("Handling client %s\n", inet_ntoa(echoClntAddr.sin_addr)); /* dotted-quad sender address */

            /* Send the same bytes back to where they came from */
            if (sendto(sock, echoBuffer, recvMsgSize, 0, (struct sockaddr *) &echoClntAddr,
                       sizeof(echoClntAddr)) != recvMsgSize)
                DieWithError("sendto() failed");
        }
    } while (recvMsgSize >= 0);
    /* nothing left to receive */
}
