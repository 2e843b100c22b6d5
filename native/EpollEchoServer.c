/* EpollEchoServer.c: a TCP echo server for many clients at once in one thread, one epoll
 * instance over non-blocking sockets; not in the book, written in the style of its servers.
 * SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE             /* accept4() and SOCK_NONBLOCK are Linux's, not POSIX's */
#include <stdio.h>       /* printf(), fprintf() and perror() */
#include <sys/socket.h>  /* socket(), bind(), listen(), accept4(), recv() and send() */
#include <arpa/inet.h>   /* struct sockaddr_in, htons(), htonl() and inet_ntoa() */
#include <sys/epoll.h>   /* epoll_create1(), epoll_ctl(), epoll_wait() and struct epoll_event */
#include <errno.h>       /* errno, EAGAIN, EINTR, ECONNRESET and EPIPE */
#include <stdlib.h>      /* atoi(), malloc(), free() and exit() */
#include <string.h>      /* memset() and memcpy() */
#include <unistd.h>      /* close() */

/* 1024, not the book's 5: a thousand clients may connect at once, and a full queue drops their
 * SYNs, each then retried a second later (seen at 128 in the benchmark: 1-3 s to connect 1,000) */
#define MAXPENDING 1024
#define BUFSIZE 4096     /* bytes taken from a socket per recv() */
#define MAXEVENTS 1024   /* ready descriptors taken per epoll_wait() */
#define MAXFDS 65536     /* descriptors the per-client tables below have room for */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */

/* What a client's last send() left unsent, by descriptor: NULL while all went out */
static char *pendingBuf[MAXFDS]; /* the bytes still to send (malloc()ed) */
static int pendingOff[MAXFDS];   /* how many of them went out since */
static int pendingLen[MAXFDS];   /* how many there are */

/* Level-triggered, not edge-triggered: epoll reports a socket for as long as it is ready, so one
 * recv() a wakeup does; edge-triggered would cost a recv() more each time, the one that says EAGAIN. */

/* Sets what epoll reports for a client: EPOLLIN to read, or EPOLLOUT alone to finish a send */
static void Watch(int epfd, int op, int sock, unsigned int events)
{
    struct epoll_event ev; /* what to wait for, and the descriptor to hand back */

    memset(&ev, 0, sizeof(ev)); /* the whole epoll_data union, not only its fd */
    ev.events = events;
    ev.data.fd = sock;
    if (epoll_ctl(epfd, op, sock, &ev) < 0)
        DieWithError("epoll_ctl() failed");
}

/* A client left (or failed): drop what it had pending; close() also takes it out of epoll */
static void CloseClient(int sock)
{
    free(pendingBuf[sock]); /* free(NULL) does nothing */
    pendingBuf[sock] = NULL;
    close(sock);
}

/* A peer that reset or went away ends its own connection; any other error is reported too */
static void ClientFailed(int sock, char *what)
{
    if (errno != ECONNRESET && errno != EPIPE)
        perror(what);
    CloseClient(sock);
}

int main(int argc, char *argv[])
{
    int servSock;                          /* the listening socket */
    int clntSock;                          /* a client's socket */
    int epfd;                              /* the epoll instance */
    struct sockaddr_in echoServAddr;       /* our own address */
    struct sockaddr_in echoClntAddr;       /* a connecting client's address */
    unsigned short echoServPort;           /* port to listen on */
    socklen_t clntLen;                     /* room for, then size of, the client's address */
    struct epoll_event events[MAXEVENTS];  /* the ready descriptors of one epoll_wait() */
    static char echoBuffer[BUFSIZE];       /* one chunk on its way back (one thread: one buffer) */
    int nReady;                            /* how many events epoll_wait() returned */
    int i;                                 /* index over them */
    int recvMsgSize;                       /* bytes the last recv() delivered */
    int sent;                              /* bytes the last send() took */

    if (argc != 2) /* exactly one argument: the port */
    {
        fprintf(stderr, "Usage:  %s <Server Port>\n", argv[0]);
        exit(1);
    }

    echoServPort = atoi(argv[1]); /* the only argument is the port */

    /* A non-blocking listening socket: a client gone between epoll_wait() and accept4() costs EAGAIN, not a hang */
    if ((servSock = socket(PF_INET, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP)) < 0)
        DieWithError("socket() failed");

    /* Fill in the local address */
    memset(&echoServAddr, 0, sizeof(echoServAddr));   /* clear padding and unused fields */
    echoServAddr.sin_family = AF_INET;                /* an IPv4 address */
    echoServAddr.sin_addr.s_addr = htonl(INADDR_ANY); /* accept on all local interfaces */
    echoServAddr.sin_port = htons(echoServPort);      /* port in network byte order */

    /* Claim the port */
    if (bind(servSock, (struct sockaddr *) &echoServAddr, sizeof(echoServAddr)) < 0)
        DieWithError("bind() failed"); /* e.g. the port is already taken */

    /* Let clients queue up on the socket */
    if (listen(servSock, MAXPENDING) < 0)
        DieWithError("listen() failed");

    /* One epoll instance watches the listening socket and every client */
    if ((epfd = epoll_create1(0)) < 0)
        DieWithError("epoll_create1() failed");
    Watch(epfd, EPOLL_CTL_ADD, servSock, EPOLLIN);

    for (;;) /* serve clients as they become ready, never stopping */
    {
        /* Sleep until some descriptor is ready, for as long as it takes */
        if ((nReady = epoll_wait(epfd, events, MAXEVENTS, -1)) < 0)
        {
            if (errno == EINTR) /* a stop and continue (or a JVM's signal) interrupts the wait: wait again */
                continue;
            DieWithError("epoll_wait() failed");
        }

        for (i = 0; i < nReady; i++)
        {
            if (events[i].data.fd == servSock) /* a client is waiting to be accepted */
            {
                /* accept4() reads this as the room available and writes back the size used */
                clntLen = sizeof(echoClntAddr);

                /* Level-triggered: one accept a wakeup; a client still queued wakes the next epoll_wait() */
                if ((clntSock = accept4(servSock, (struct sockaddr *) &echoClntAddr, &clntLen,
                                        SOCK_NONBLOCK)) < 0)
                {
                    if (errno == EAGAIN || errno == ECONNABORTED || errno == EINTR)
                        continue; /* the client went away before we took it */
                    DieWithError("accept() failed"); /* e.g. EMFILE: out of descriptors */
                }
                if (clntSock >= MAXFDS) /* past the tables' room: refuse it rather than write outside them */
                {
                    fprintf(stderr, "accept() gave a descriptor past %d\n", MAXFDS);
                    close(clntSock);
                    continue;
                }

                printf("Handling client %s\n", inet_ntoa(echoClntAddr.sin_addr)); /* dotted-quad peer address */

                Watch(epfd, EPOLL_CTL_ADD, clntSock, EPOLLIN); /* its data, its close, its errors */
            }
            else if (events[i].events & EPOLLOUT) /* room again for what a send() left (or an error) */
            {
                clntSock = events[i].data.fd;
                if ((sent = send(clntSock, pendingBuf[clntSock] + pendingOff[clntSock],
                                 pendingLen[clntSock] - pendingOff[clntSock], MSG_NOSIGNAL)) < 0)
                {
                    if (errno != EAGAIN)
                        ClientFailed(clntSock, "send() failed");
                    continue;
                }
                if ((pendingOff[clntSock] += sent) == pendingLen[clntSock]) /* all out: read again */
                {
                    free(pendingBuf[clntSock]);
                    pendingBuf[clntSock] = NULL;
                    Watch(epfd, EPOLL_CTL_MOD, clntSock, EPOLLIN);
                }
            }
            else /* data, the client's close, or an error to read */
            {
                clntSock = events[i].data.fd;
                if ((recvMsgSize = recv(clntSock, echoBuffer, BUFSIZE, 0)) < 0)
                {
                    if (errno != EAGAIN)
                        ClientFailed(clntSock, "recv() failed");
                    continue;
                }
                if (recvMsgSize == 0) /* zero means the client closed its side */
                {
                    CloseClient(clntSock);
                    continue;
                }

                /* Return exactly the bytes that came in; MSG_NOSIGNAL: a gone peer is EPIPE, not SIGPIPE */
                if ((sent = send(clntSock, echoBuffer, recvMsgSize, MSG_NOSIGNAL)) < 0)
                {
                    if (errno != EAGAIN)
                    {
                        ClientFailed(clntSock, "send() failed");
                        continue;
                    }
                    sent = 0; /* the socket's buffer is full: all of it waits */
                }
                if (sent < recvMsgSize) /* keep the rest, read nothing more until it has gone out */
                {
                    if ((pendingBuf[clntSock] = malloc(recvMsgSize - sent)) == NULL)
                        DieWithError("malloc() failed");
                    memcpy(pendingBuf[clntSock], echoBuffer + sent, recvMsgSize - sent);
                    pendingOff[clntSock] = 0;
                    pendingLen[clntSock] = recvMsgSize - sent;
                    Watch(epfd, EPOLL_CTL_MOD, clntSock, EPOLLOUT);
                }
            }
        }
    }
    /* never gets here */
}
