/* TCPEchoServer-Fork-SIGCHLD.c: a TCP echo server that forks one child process per client and
 * reaps its children in a SIGCHLD handler, following the structure of Donahoo & Calvert's
 * TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include "TCPEchoServer.h" /* includes and helper prototypes shared by the servers */
#include <sys/wait.h>      /* waitpid() and WNOHANG */
#include <signal.h>        /* sigaction(), sigfillset() and SA_RESTART */
#include <errno.h>         /* errno and ECHILD */

void ChildExitSignalHandler(int signalType); /* what SIGCHLD runs: reap every child that has ended */

int main(int argc, char *argv[])
{
    int servSock;                /* the listening socket */
    int clntSock;                /* the socket of the newest client */
    unsigned short echoServPort; /* port to listen on */
    pid_t processID;             /* what fork() returned */
    struct sigaction myAction;   /* what to do on SIGCHLD: the handler, its mask and flags */
    /* Book bug fixed: no global count of children, which main's ++ and the handler's -- raced on
     * (a SIGCHLD between the load and the store of ++ lost the handler's decrements: the count then
     * stayed above the children left, and the handler's waitpid() failed with ECHILD and ended the
     * server; a child ending before its ++ stayed a zombie). The handler reaps until none is left. */

    if (argc != 2) /* exactly one argument: the port */
    {
        fprintf(stderr, "Usage: %s <Server Port>\n", argv[0]);
        exit(1);
    }

    echoServPort = atoi(argv[1]); /* the only argument is the port */

    servSock = CreateTCPServerSocket(echoServPort); /* socket, bind and listen in one step */

    myAction.sa_handler = ChildExitSignalHandler; /* run this when a child ends */
    if (sigfillset(&myAction.sa_mask) < 0)        /* block every signal while it runs */
        DieWithError("sigfillset() failed");
    /* SA_RESTART: a call the handler interrupts starts again, so accept() never fails with EINTR */
    myAction.sa_flags = SA_RESTART;

    if (sigaction(SIGCHLD, &myAction, 0) < 0) /* install it */
        DieWithError("sigaction() failed");

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
        close(clntSock); /* the child owns the connection now; the handler reaps it when it ends */
    }
    /* never gets here */
}

void ChildExitSignalHandler(int signalType)
{
    pid_t processID;         /* what waitpid() returned */
    int savedErrno = errno;  /* Book bug fixed: main may be about to read errno (perror) */

    (void) signalType; /* SIGCHLD is the only signal it handles */
    for (;;) /* one SIGCHLD may stand for several children: reap them all */
    {
        processID = waitpid((pid_t) -1, NULL, WNOHANG); /* any child; do not block */
        if (processID < 0) /* the call failed: with ECHILD, no child is left at all */
        {
            if (errno != ECHILD)
                DieWithError("waitpid() failed");
            break;
        }
        else if (processID == 0) /* children remain, but none has ended yet */
            break;
        /* else: one child reaped */
    }
    errno = savedErrno;
}
