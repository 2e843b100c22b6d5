/* TCPEchoServer.c: an iterative TCP echo server for a port or service name, on the first
 * local address getaddrinfo() offers that binds (IPv4 or IPv6), serving one client at a time,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>     /* the stream the utilities print to */
#include "Practical.h" /* SetupTCPServerSocket(), AcceptTCPConnection(), HandleTCPClient() */
#include <unistd.h>    /* close() */

int main(int argc, char *argv[])
{
    if (argc != 2) /* exactly one argument: the port or service */
        DieWithUserMessage("Parameter(s)", "<Server Port/Service>");

    char *service = argv[1]; /* the only argument: a port number or a service name */

    /* A socket listening for clients, of whichever family bound first */
    int servSock = SetupTCPServerSocket(service);
    if (servSock < 0)
        DieWithUserMessage("SetupTCPServerSocket() failed", service); /* no address bound */

    for (;;) /* serve clients one after another, never stopping */
    {
        /* Block until a client connects, and say who it is */
        int clntSock = AcceptTCPConnection(servSock);

        HandleTCPClient(clntSock); /* echo until the client closes; closes clntSock */
        /* Book bug fixed: it closes clntSock again here; HandleTCPClient() closed it already, so
         * that close() fails with EBADF, or closes whatever descriptor took the number since */
    }
    /* never gets here: the book's close(servSock) would not be reached either */
}
