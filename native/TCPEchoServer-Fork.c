/* TCPEchoServer-Fork.c: a TCP echo server that forks one child process per client,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include "TCPEchoServer.h" /* includes and helper prototypes shared by the servers */
#include <sys/wait.h>      /* waitpid() and WNOHANG */

int main(int argc, char *argv[])
{
    int servSock;                    /* the listening socket */
    int clntSock;                    /* the socket of the newest client */
    unsigned short echoServPort;     /* port to listen on */
    pid_t processID;                 /* what fork() or waitpid() returned */
    unsigned int childProcCount = 0; /* children not yet reaped */

    if (argc != 2) /* exactly one argument: the port */
    {
        fprintf(stderr, "Usage: %s <Server Port>\n", argv[0]);
        exit(1);
    }

    echoServPort = atoi(argv[1]); /* the only argument is the port */

    servSock = CreateTCPServerSocket(echoServPort); /* socket, bind and listen in one step */

    for (;;) /* hand each client to a child, never stopping */
    {
        clntSock = AcceptTCPConnection(servSock); /* block for the next client */

        /* Split into parent and child; a negative result means no child exists */
        if ((processID = fork()) < 0)
            DieWithError("fork() failed"); /* e.g. process limit reached */
        else if (processID == 0) /* zero: we are the child */
        {
            close(servSock);           /* only the parent accepts new clients */
            HandleTCPClient(clntSock); /* echo until the client closes; closes clntSock */
            exit(0);                   /* the child ends when its client is done */
        }

        printf("with child process: %d\n", (int) processID); /* pid_t has no printf format; show it as int */
        close(clntSock);  /* the child owns the connection now */
        childProcCount++; /* one more child to reap later */

        while (childProcCount) /* reap every child that has already exited */
        {
            /* Seed bug fixed: the slides' "waitpid(pid_t) -1, ..." lacks a parenthesis and does not compile */
            processID = waitpid((pid_t) -1, NULL, WNOHANG); /* any child; do not block */
            if (processID < 0) /* the call itself failed */
                DieWithError("waitpid() failed");
            else if (processID == 0) /* children remain, but none has exited yet */
                break;
            else
                childProcCount--; /* one child reaped */
        }
    }
    /* never gets here */
}
