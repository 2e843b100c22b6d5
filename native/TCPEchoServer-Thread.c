/* TCPEchoServer-Thread.c: a TCP echo server that starts one thread per client,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include "TCPEchoServer.h" /* includes and helper prototypes shared by the servers */
#include <pthread.h>       /* pthread_create(), pthread_detach() and pthread_self() */
#include <errno.h>         /* errno, set from pthread_create()'s result */

void *ThreadMain(void *arg); /* what each client's thread runs */

/* What main hands a thread: in memory of its own, since main goes on to the next client */
struct ThreadArgs
{
    int clntSock; /* the client this thread serves */
};

int main(int argc, char *argv[])
{
    int servSock;                  /* the listening socket */
    int clntSock;                  /* the socket of the newest client */
    unsigned short echoServPort;   /* port to listen on */
    pthread_t threadID;            /* what pthread_create() names the new thread */
    struct ThreadArgs *threadArgs; /* the new thread's argument, freed by the thread */
    int status;                    /* what pthread_create() returned */

    if (argc != 2) /* exactly one argument: the port */
    {
        fprintf(stderr, "Usage:  %s <SERVER PORT>\n", argv[0]);
        exit(1);
    }

    echoServPort = atoi(argv[1]); /* the only argument is the port */

    servSock = CreateTCPServerSocket(echoServPort); /* socket, bind and listen in one step */

    for (;;) /* hand each client to a thread, never stopping */
    {
        clntSock = AcceptTCPConnection(servSock); /* block for the next client */

        /* Memory the thread owns: main's own variables change with the next client */
        if ((threadArgs = (struct ThreadArgs *) malloc(sizeof(struct ThreadArgs))) == NULL)
            DieWithError("malloc() failed"); /* no memory for the argument */
        threadArgs->clntSock = clntSock; /* the one thing the thread needs */

        /* Start the client's thread; it runs ThreadMain(threadArgs) */
        if ((status = pthread_create(&threadID, NULL, ThreadMain, (void *) threadArgs)) != 0)
        {
            errno = status; /* Book bug fixed: pthread_create() returns its error, errno is not set */
            DieWithError("pthread_create() failed"); /* e.g. EAGAIN: no more threads */
        }
        printf("with thread %ld\n", (long) threadID); /* pthread_t is an unsigned long on Linux */
    }
    /* never gets here */
}

void *ThreadMain(void *threadArgs)
{
    int clntSock; /* the client this thread serves */

    pthread_detach(pthread_self()); /* nobody joins this thread: its resources go when it returns */

    clntSock = ((struct ThreadArgs *) threadArgs)->clntSock; /* take the argument... */
    free(threadArgs);                                         /* ...and release its memory */

    HandleTCPClient(clntSock); /* echo until the client closes; closes clntSock */

    return (NULL); /* the thread ends; nothing to report */
}
