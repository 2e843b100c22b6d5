/* TCPEchoClient.c: sends one word to a TCP echo server and prints what comes back,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() and fprintf() */
#include <sys/socket.h> /* socket(), connect(), send() and recv() */
#include <arpa/inet.h>  /* struct sockaddr_in, htons() and inet_addr() */
#include <stdlib.h>     /* atoi() and exit() */
#include <string.h>     /* memset() and strlen() */
#include <unistd.h>     /* close() */

#define RCVBUFSIZE 32 /* bytes taken from the socket per recv(), counting the added NUL */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */

int main(int argc, char *argv[])
{
    int sock;                        /* the connected socket */
    struct sockaddr_in echoServAddr; /* where the server is */
    unsigned short echoServPort;     /* the server's port */
    char *servIP;                    /* the server's IPv4 address as dotted quad */
    char *echoString;                /* the word to send */
    char echoBuffer[RCVBUFSIZE];     /* one received chunk plus a terminating NUL */
    unsigned int echoStringLen;      /* length of the word in bytes */
    int bytesRcvd, totalBytesRcvd;   /* bytes from the last recv() and from all so far */

    if ((argc < 3) || (argc > 4)) /* address and word are required, port is optional */
    {
        fprintf(stderr, "Usage: %s <Server IP> <Echo Word> [<Echo Port>]\n",
                argv[0]);
        exit(1);
    }

    servIP = argv[1];     /* first argument: the server address */
    echoString = argv[2]; /* second argument: the word */

    if (argc == 4)
        echoServPort = atoi(argv[3]); /* a port was given: use it */
    else
        echoServPort = 7; /* otherwise the standard echo port */

    /* Ask for an IPv4 stream socket speaking TCP */
    if ((sock = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
        DieWithError("socket() failed"); /* no descriptor was handed out */

    /* Fill in the server's address */
    memset(&echoServAddr, 0, sizeof(echoServAddr));   /* clear padding and unused fields */
    echoServAddr.sin_family = AF_INET;                /* an IPv4 address */
    echoServAddr.sin_addr.s_addr = inet_addr(servIP); /* dotted quad to network order */
    echoServAddr.sin_port = htons(echoServPort);      /* port in network byte order */

    /* Open the TCP connection */
    if (connect(sock, (struct sockaddr *) &echoServAddr, sizeof(echoServAddr)) < 0)
        DieWithError("connect() failed"); /* e.g. nothing listens on that port */

    echoStringLen = strlen(echoString); /* how many bytes to send and expect back */

    /* Send the whole word at once */
    if (send(sock, echoString, echoStringLen, 0) != echoStringLen)
        DieWithError("send() sent a different number of bytes than expected");

    /* Read the echo until as many bytes came back as were sent */
    totalBytesRcvd = 0;
    printf("Received: "); /* label in front of the echoed text */
    /* the cast is safe: totalBytesRcvd starts at 0 and only grows, so it is never negative */
    while ((unsigned int) totalBytesRcvd < echoStringLen)
    {
        /* Take at most one byte less than the buffer, to leave room for the NUL */
        if ((bytesRcvd = recv(sock, echoBuffer, RCVBUFSIZE - 1, 0)) <= 0)
            DieWithError("recv() failed or connection closed prematurely");
        totalBytesRcvd += bytesRcvd;  /* count what has arrived */
        echoBuffer[bytesRcvd] = '\0'; /* make the chunk a C string */
        printf("%s", echoBuffer);     /* Seed bug fixed: printf(echoBuffer) let a '%' in the echo act as a format */
    }

    printf("\n"); /* end the output line */

    close(sock); /* done with the connection */
    exit(0);
}
