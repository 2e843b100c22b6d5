/* LoopbackPair.c: two connected TCP sockets on 127.0.0.1, the ends the downcall benchmarks
 * read from. The listener takes port 0 (the kernel picks a free port) and is closed once the
 * connection is accepted. Both ends get TCP_NODELAY, so a small send leaves at once.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>       /* perror() */
#include <stdlib.h>      /* exit() */
#include <string.h>      /* memset() */
#include <sys/socket.h>  /* socket(), bind(), listen(), accept(), connect(), getsockname() */
#include <netinet/in.h>  /* struct sockaddr_in, IPPROTO_TCP */
#include <netinet/tcp.h> /* TCP_NODELAY */
#include <arpa/inet.h>   /* htonl() */
#include <unistd.h>      /* close() */

static void Die(const char *what)
{
    perror(what); /* the failed call and errno's reason */
    exit(1);
}

void LoopbackPair(int ends[2])
{
    int servSock;                 /* listens once, on a port the kernel chooses */
    struct sockaddr_in addr;      /* 127.0.0.1, port 0 and then the chosen port */
    socklen_t addrLen = sizeof(addr);
    int one = 1;                  /* TCP_NODELAY on */

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only */
    addr.sin_port = 0;                             /* any free port */

    if ((servSock = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
        Die("socket() failed");
    if (bind(servSock, (struct sockaddr *) &addr, sizeof(addr)) < 0)
        Die("bind() failed");
    if (listen(servSock, 1) < 0)
        Die("listen() failed");
    if (getsockname(servSock, (struct sockaddr *) &addr, &addrLen) < 0) /* learn the port */
        Die("getsockname() failed");
    if ((ends[0] = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
        Die("socket() failed");
    if (connect(ends[0], (struct sockaddr *) &addr, sizeof(addr)) < 0) /* completes in the backlog */
        Die("connect() failed");
    if ((ends[1] = accept(servSock, NULL, NULL)) < 0)
        Die("accept() failed");
    close(servSock); /* one connection is all it was for */
    setsockopt(ends[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    setsockopt(ends[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}
