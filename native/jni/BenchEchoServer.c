/* BenchEchoServer.c: the one C echo server that every request/response and throughput lane
 * talks to. Iterative like the seed's TCPEchoServer, but made for measuring: TCP_NODELAY on
 * every connection, a 64 KiB buffer, every recv echoed at once in full, nothing printed per
 * client, and an alarm that ends it after a bounded time whatever happens.
 * Usage: BenchEchoServer <port, 0 for any> <max seconds> [udp]
 * Prints "port N" on stdout once it listens on 127.0.0.1. With "udp": a UDP echo server on
 * 127.0.0.1 instead (the UDP lane), each datagram sent back at once to whoever sent it.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>       /* printf(), perror() */
#include <stdlib.h>      /* atoi(), exit() */
#include <string.h>      /* memset(), strcmp() */
#include <sys/socket.h>  /* socket(), bind(), listen(), accept(), send(), recv(), sendto(), recvfrom() */
#include <netinet/in.h>  /* struct sockaddr_in */
#include <netinet/tcp.h> /* TCP_NODELAY */
#include <arpa/inet.h>   /* htons(), htonl(), ntohs() */
#include <unistd.h>      /* close(), alarm() */

#define BUFSIZE 65536 /* one throughput chunk in one recv */
#define MAXPENDING 16 /* queue length for connections not yet accepted */

static void DieWithError(const char *errorMessage)
{
    perror(errorMessage);
    exit(1);
}

static char echoBuffer[BUFSIZE]; /* one chunk on its way back */

static void EchoClient(int clntSock)
{
    ssize_t n, sent, s;
    int one = 1;
    setsockopt(clntSock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)); /* no Nagle delay on replies */
    while ((n = recv(clntSock, echoBuffer, BUFSIZE, 0)) > 0) /* zero: the client closed */
    {
        for (sent = 0; sent < n; sent += s) /* send all of it, as Beej's sendall */
            if ((s = send(clntSock, echoBuffer + sent, n - sent, MSG_NOSIGNAL)) <= 0)
                break;
        if (sent < n)
            break; /* the client went away mid-reply */
    }
    close(clntSock);
}

/* the UDP lane's server: recvfrom, then sendto the sender, one datagram at a time, until the alarm */
static void UdpEcho(int sock)
{
    struct sockaddr_in from;
    socklen_t fromLen;
    ssize_t n;
    for (;;) {
        fromLen = sizeof(from);
        if ((n = recvfrom(sock, echoBuffer, BUFSIZE, 0, (struct sockaddr *) &from, &fromLen)) < 0)
            DieWithError("recvfrom() failed");
        if (sendto(sock, echoBuffer, n, 0, (struct sockaddr *) &from, fromLen) != n)
            DieWithError("sendto() failed");
    }
}

/* a socket of this type bound to 127.0.0.1:port (TCP with SO_REUSEADDR: a rerun may reuse the port) */
static int BoundSocket(int type, int protocol, const char *port)
{
    int sock, one = 1;
    struct sockaddr_in addr;

    if ((sock = socket(PF_INET, type, protocol)) < 0)
        DieWithError("socket() failed");
    if (type == SOCK_STREAM)
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only */
    addr.sin_port = htons(atoi(port));
    if (bind(sock, (struct sockaddr *) &addr, sizeof(addr)) < 0)
        DieWithError("bind() failed");
    return sock;
}

/* "port N" on stdout, N as bound (the kernel's pick for port 0): the harness reads it from here */
static void PrintPort(int sock)
{
    struct sockaddr_in addr;
    socklen_t addrLen = sizeof(addr);

    if (getsockname(sock, (struct sockaddr *) &addr, &addrLen) < 0)
        DieWithError("getsockname() failed");
    printf("port %d\n", ntohs(addr.sin_port));
    fflush(stdout);
}

int main(int argc, char *argv[])
{
    int servSock, clntSock, udp;

    if (argc != 3 && !(argc == 4 && strcmp(argv[3], "udp") == 0)) {
        fprintf(stderr, "Usage: %s <port, 0 for any> <max seconds> [udp]\n", argv[0]);
        exit(2);
    }
    udp = argc == 4;
    alarm(atoi(argv[2])); /* SIGALRM ends the process: the bound on its lifetime */
    if (udp) {
        servSock = BoundSocket(SOCK_DGRAM, IPPROTO_UDP, argv[1]);
        PrintPort(servSock);
        UdpEcho(servSock); /* never returns */
    }

    servSock = BoundSocket(SOCK_STREAM, IPPROTO_TCP, argv[1]);
    if (listen(servSock, MAXPENDING) < 0)
        DieWithError("listen() failed");
    PrintPort(servSock);

    for (;;) /* one client after another until the alarm */
    {
        if ((clntSock = accept(servSock, NULL, NULL)) < 0)
            DieWithError("accept() failed");
        EchoClient(clntSock);
    }
}
