/* CreateTCPServerSocket.c: makes a TCP socket listening on a given port on every interface,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <sys/socket.h> /* socket(), bind() and listen() */
#include <arpa/inet.h>  /* struct sockaddr_in, htons() and htonl() */
#include <string.h>     /* memset() */

#define MAXPENDING 5 /* queue length for connections not yet accepted */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */

int CreateTCPServerSocket(unsigned short port)
{
    int sock;                        /* the listening socket being built */
    struct sockaddr_in echoServAddr; /* the address we bind to */

    /* Ask for an IPv4 stream socket speaking TCP */
    if ((sock = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
        DieWithError("socket() failed"); /* no descriptor was handed out */

    /* Fill in the local address */
    memset(&echoServAddr, 0, sizeof(echoServAddr));   /* clear padding and unused fields */
    echoServAddr.sin_family = AF_INET;                /* an IPv4 address */
    echoServAddr.sin_addr.s_addr = htonl(INADDR_ANY); /* accept on all local interfaces */
    echoServAddr.sin_port = htons(port);              /* port in network byte order */

    /* Claim the port */
    if (bind(sock, (struct sockaddr *) &echoServAddr, sizeof(echoServAddr)) < 0)
        DieWithError("bind() failed"); /* e.g. the port is already taken */

    /* Let clients queue up on the socket */
    if (listen(sock, MAXPENDING) < 0)
        DieWithError("listen() failed"); /* the socket cannot be made passive */

    return sock; /* ready for accept() */
}
