/* TCPEchoClient.c: sends one word to a TCP echo server named by address or host name, over
 * IPv4 or IPv6, and prints what comes back, following the structure of Donahoo & Calvert's
 * TCP/IP Sockets in C (2nd edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* fputs(), fputc() and stdout */
#include <stdlib.h>     /* exit() */
#include <string.h>     /* strlen() */
#include <unistd.h>     /* close() */
#include <sys/types.h>  /* ssize_t */
#include <sys/socket.h> /* send() and recv() */
#include <netdb.h>      /* the service names getaddrinfo() knows */
#include "Practical.h"  /* SetupTCPClientSocket(), DieWith...Message() and BUFSIZE */

int main(int argc, char *argv[])
{
    if (argc < 3 || argc > 4) /* server and word are required, service is optional */
        DieWithUserMessage("Parameter(s)",
                           "<Server Address/Name> <Echo Word> [<Server Port/Service>]");

    char *server = argv[1];     /* first argument: the server's address or host name */
    char *echoString = argv[2]; /* second argument: the word */
    /* third argument, optional: the port or service name; "echo" is port 7 */
    char *service = (argc == 4) ? argv[3] : "echo";

    /* A TCP socket connected to the server, over whichever family reached it */
    int sock = SetupTCPClientSocket(server, service);
    if (sock < 0)
        DieWithUserMessage("SetupTCPClientSocket() failed", "unable to connect"); /* no address connected */

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
