/* TCPEchoServer.h: includes and prototypes shared by the TCP echo server programs,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#ifndef TCPECHOSERVER_H
#define TCPECHOSERVER_H

#include <stdio.h>      /* printf(), fprintf() and perror() */
#include <sys/socket.h> /* socket(), bind(), listen(), accept(), send(), recv() */
#include <arpa/inet.h>  /* struct sockaddr_in, htons(), htonl(), inet_ntoa() */
#include <stdlib.h>     /* atoi() and exit() */
#include <string.h>     /* memset() */
#include <unistd.h>     /* close() and fork() */

void DieWithError(char *errorMessage);          /* report errno's reason, then quit */
void HandleTCPClient(int clntSocket);           /* echo one client until it hangs up */
int CreateTCPServerSocket(unsigned short port); /* socket + bind + listen on a port */
int AcceptTCPConnection(int servSock);          /* block for the next client, log it */

#endif /* TCPECHOSERVER_H */
