/* TCPEchoServer-Select.c: a TCP echo server on several ports at once, one select() over
 * them all and the keyboard; a key (or the end of stdin) shuts it down,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include "TCPEchoServer.h" /* includes and helper prototypes shared by the servers */
#include <sys/time.h>      /* struct timeval */
#include <sys/select.h>    /* select(), fd_set, FD_ZERO(), FD_SET() and FD_ISSET() */

int main(int argc, char *argv[])
{
    int *servSock;             /* one listening socket a port */
    int maxDescriptor;         /* the highest descriptor select() must look at */
    fd_set sockSet;            /* the descriptors select() watches, then the ready ones */
    long timeout;              /* seconds of quiet before saying so, from the command line */
    struct timeval selTimeout; /* select()'s copy of the timeout; it may change it */
    int running = 1;           /* 1 until a key asks to shut down */
    int noPorts;               /* how many ports are on the command line */
    int port;                  /* index over the ports */
    unsigned short portNo;     /* one port number */
    int status;                /* what select() returned */

    if (argc < 3) /* a timeout and at least one port */
    {
        fprintf(stderr, "Usage:  %s <Timeout (secs.)> <Port 1> ...\n", argv[0]);
        exit(1);
    }

    timeout = atol(argv[1]); /* first argument: the timeout */
    noPorts = argc - 2;      /* every other argument is a port */

    /* One descriptor a port */
    if ((servSock = (int *) malloc(noPorts * sizeof(int))) == NULL)
        DieWithError("malloc() failed"); /* Book bug fixed: malloc()'s NULL was not checked */
    maxDescriptor = -1; /* no socket yet: any descriptor is higher */

    for (port = 0; port < noPorts; port++) /* a listening socket for each port */
    {
        portNo = atoi(argv[port + 2]); /* skip the program name and the timeout */

        servSock[port] = CreateTCPServerSocket(portNo); /* socket, bind and listen in one step */

        /* Book bug fixed: FD_SET() on a descriptor past FD_SETSIZE writes outside the fd_set */
        if (servSock[port] >= FD_SETSIZE)
        {
            fprintf(stderr, "CreateTCPServerSocket() gave a descriptor select() cannot watch (FD_SETSIZE %d)\n",
                    FD_SETSIZE);
            exit(1);
        }

        if (servSock[port] > maxDescriptor) /* keep the highest for select() */
            maxDescriptor = servSock[port];
    }

    printf("Starting server:  Hit return to shutdown\n");
    while (running) /* until a key is hit */
    {
        /* select() leaves only the ready descriptors in the set: fill it again each time */
        FD_ZERO(&sockSet);
        FD_SET(STDIN_FILENO, &sockSet); /* the keyboard */
        for (port = 0; port < noPorts; port++)
            FD_SET(servSock[port], &sockSet); /* and every listening socket */

        /* Linux's select() writes the time left into the timeout: set it again each time */
        selTimeout.tv_sec = timeout; /* whole seconds */
        selTimeout.tv_usec = 0;      /* and no microseconds */

        /* Sleep until a descriptor is ready or the timeout passes */
        if ((status = select(maxDescriptor + 1, &sockSet, NULL, NULL, &selTimeout)) == 0)
            printf("No echo requests for %ld secs...Server still alive\n", timeout);
        else if (status < 0) /* Book bug fixed: a failure was taken for ready descriptors */
            DieWithError("select() failed"); /* e.g. a negative timeout: EINVAL */
        else
        {
            if (FD_ISSET(STDIN_FILENO, &sockSet)) /* a key was hit (or stdin ended) */
            {
                printf("Shutting down server\n");
                getchar();   /* take the key */
                running = 0; /* leave the loop after this round */
            }

            for (port = 0; port < noPorts; port++)
                if (FD_ISSET(servSock[port], &sockSet)) /* a client is waiting on this port */
                {
                    printf("Request on port %d:  ", port);            /* AcceptTCPConnection() ends the line */
                    HandleTCPClient(AcceptTCPConnection(servSock[port])); /* serve it to the end */
                }
        }
    }

    for (port = 0; port < noPorts; port++) /* close every listening socket */
        close(servSock[port]);

    free(servSock); /* and release their list */

    exit(0); /* a key ended the server: success */
}
