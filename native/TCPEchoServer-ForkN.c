/* TCPEchoServer-ForkN.c: a TCP echo server that forks a fixed number of children up front,
 * each accepting and serving clients forever, following the structure of Donahoo & Calvert's
 * TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include "TCPEchoServer.h" /* includes and helper prototypes shared by the servers */

void ProcessMain(int servSock); /* what each child runs: accept and echo, forever */

int main(int argc, char *argv[])
{
    int servSock;                /* the listening socket, shared by every child */
    unsigned short echoServPort; /* port to listen on */
    pid_t processID;             /* what fork() returned */
    unsigned int processLimit;   /* how many children to make */
    unsigned int processCt;      /* children made so far */

    if (argc != 3) /* the port and the number of children */
    {
        fprintf(stderr, "Usage:  %s <SERVER PORT> <FORK LIMIT>\n", argv[0]);
        exit(1);
    }

    echoServPort = atoi(argv[1]); /* first argument: the port */
    processLimit = atoi(argv[2]); /* second argument: how many children */

    servSock = CreateTCPServerSocket(echoServPort); /* socket, bind and listen in one step */

    for (processCt = 0; processCt < processLimit; processCt++)
        /* Split into parent and child; a negative result means no child exists */
        if ((processID = fork()) < 0)
            DieWithError("fork() failed"); /* e.g. process limit reached */
        else if (processID == 0) /* zero: we are a child */
            ProcessMain(servSock); /* never returns */

    exit(0); /* the children carry on without the parent */
}

void ProcessMain(int servSock)
{
    int clntSock; /* the socket of the client being served */

    for (;;) /* serve one client after another, never stopping */
    {
        clntSock = AcceptTCPConnection(servSock);              /* every child waits in accept() on the same socket */
        printf("with child process: %d\n", (int) getpid()); /* pid_t has no printf format; show it as int */
        HandleTCPClient(clntSock);                              /* echo until the client closes; closes clntSock */
    }
}
