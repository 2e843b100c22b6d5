/* TCPEchoClient4.c: sends one word to a TCP echo server at an IPv4 address and prints what
 * comes back, following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd
 * edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* fputs(), fputc() and stdout */
#include <stdlib.h>     /* atoi() and exit() */
#include <string.h>     /* memset() and strlen() */
#include <unistd.h>     /* close() */
#include <sys/socket.h> /* socket(), connect(), send() and recv() */
#include <netinet/in.h> /* struct sockaddr_in, in_port_t and IPPROTO_TCP */
#include <arpa/inet.h>  /* inet_pton() and htons() */
#include "Practical.h"  /* DieWith...Message() and BUFSIZE */

int main(int argc, char *argv[])
{
    if (argc < 3 || argc > 4) /* address and word are required, port is optional */
        DieWithUserMessage("Parameter(s)",
                           "<Server Address> <Echo Word> [<Server Port>]");

    char *servIP = argv[1];     /* first argument: the server's IPv4 address, dotted quad */
    char *echoString = argv[2]; /* second argument: the word */

    /* third argument, optional: the port (a number); 7 is the standard echo port */
    in_port_t servPort = (argc == 4) ? atoi(argv[3]) : 7;

    /* Ask for an IPv4 stream socket speaking TCP */
    int sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (sock < 0)
        DieWithSystemMessage("socket() failed"); /* no descriptor was handed out */

    /* Fill in the server's address */
    struct sockaddr_in servAddr;            /* where the server is */
    memset(&servAddr, 0, sizeof(servAddr)); /* clear padding and unused fields */
    servAddr.sin_family = AF_INET;          /* an IPv4 address */
    /* dotted quad to network order; 0 means the text is no IPv4 address (errno untouched) */
    int rtnVal = inet_pton(AF_INET, servIP, &servAddr.sin_addr.s_addr);
    if (rtnVal == 0)
        DieWithUserMessage("inet_pton() failed", "invalid address string"); /* e.g. ::1 or 999.1.1.1 */
    else if (rtnVal < 0)
        DieWithSystemMessage("inet_pton() failed"); /* only for an unknown family: EAFNOSUPPORT */
    servAddr.sin_port = htons(servPort); /* port in network byte order */

    /* Open the TCP connection */
    if (connect(sock, (struct sockaddr *) &servAddr, sizeof(servAddr)) < 0)
        DieWithSystemMessage("connect() failed"); /* e.g. nothing listens on that port */

    size_t echoStringLen = strlen(echoString); /* how many bytes to send and expect back */

    /* Send the whole word at once */
    ssize_t numBytes = send(sock, echoString, echoStringLen, 0);
    if (numBytes < 0)
        DieWithSystemMessage("send() failed"); /* errno says why */
    else if ((size_t) numBytes != echoStringLen) /* the cast is safe: numBytes is not negative here */
        DieWithUserMessage("send()", "sent unexpected number of bytes"); /* a short send: no errno */

    /* Read the echo until as many bytes came back as were sent */
    unsigned int totalBytesRcvd = 0; /* bytes received so far */
    fputs("Received: ", stdout);     /* label in front of the echoed text */
    while (totalBytesRcvd < echoStringLen)
    {
        char buffer[BUFSIZE]; /* one received chunk plus a terminating NUL */
        /* Take at most one byte less than the buffer, to leave room for the NUL */
        numBytes = recv(sock, buffer, BUFSIZE - 1, 0);
        if (numBytes < 0)
            DieWithSystemMessage("recv() failed"); /* errno says why */
        else if (numBytes == 0)
            DieWithUserMessage("recv()", "connection closed prematurely"); /* the server hung up early */
        totalBytesRcvd += numBytes; /* count what has arrived */
        buffer[numBytes] = '\0';    /* make the chunk a C string */
        fputs(buffer, stdout);      /* the echo as text, never as a format */
    }

    fputc('\n', stdout); /* end the output line */

    close(sock); /* done with the connection */
    exit(0);
}
