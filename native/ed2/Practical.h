/* Practical.h: the prototypes and sizes the 2nd edition's programs share,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd ed.) header.
 * SPDX-License-Identifier: Apache-2.0 */
#ifndef PRACTICAL_H_
#define PRACTICAL_H_

#include <stdbool.h>    /* bool for SockAddrsEqual() */
#include <stdio.h>      /* FILE for PrintSocketAddress() */
#include <sys/socket.h> /* struct sockaddr */

/* Report an error the program found itself (msg: detail), then quit */
void DieWithUserMessage(const char *msg, const char *detail);
/* Report a failed system call (msg: errno's text), then quit */
void DieWithSystemMessage(const char *msg);

/* Print an IPv4 or IPv6 socket address as address-port */
void PrintSocketAddress(const struct sockaddr *address, FILE *stream);
/* Whether two socket addresses have the same family, address and port */
bool SockAddrsEqual(const struct sockaddr *addr1, const struct sockaddr *addr2);

/* Create, bind and listen on a TCP server socket for a port or service */
int SetupTCPServerSocket(const char *service);
/* Accept a connection on a listening socket, printing the client's address */
int AcceptTCPConnection(int servSock);
/* Echo everything a connected client sends, then close its socket */
void HandleTCPClient(int clntSocket);
/* Create a TCP socket connected to a server (name or address) and service (name or port) */
int SetupTCPClientSocket(const char *server, const char *service);

enum sizeConstants {
    MAXSTRINGLENGTH = 128, /* the longest word a UDP echo client sends */
    BUFSIZE = 512,         /* bytes a TCP echo server moves per recv() */
};

#endif /* PRACTICAL_H_ */
