/* EpollLoad.c: the one load generator of the epoll lane (benchmarks/run, section 5): the same
 * program, the same requests, against every server (C EpollEchoServer, its FFM twin, Netty's
 * epoll transport, an NIO Selector server).
 * Usage: EpollLoad <ip> <port> <connections> <warm-up ms> <measure ms> [<message bytes>]
 * Opens <connections> connections (TCP_NODELAY), then keeps one request in flight on each
 * (closed loop): send a message, read it back whole, check it, send the next. One thread, one
 * epoll instance, level-triggered. Requests completed in the measuring window (stretched, if need
 * be, until one has) count for requests/s; their latencies (send to last byte back) give p50/p99. Any error, short or wrong
 * echo, or a connection the server closes fails the run (exit 1).
 * Prints: mode=epoll conns=N size=B connect_ms=.. seconds=.. requests=.. rps=.. p50_us=.. p99_us=.. mean_us=..
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>       /* printf(), fprintf(), perror() */
#include <stdlib.h>      /* atoi(), atol(), exit(), calloc(), realloc(), qsort() */
#include <string.h>      /* memset(), memcmp() */
#include <errno.h>       /* errno, EAGAIN, ECONNREFUSED, EINTR */
#include <time.h>        /* clock_gettime(), nanosleep() */
#include <sys/epoll.h>   /* epoll_create1(), epoll_ctl(), epoll_wait() */
#include <sys/socket.h>  /* socket(), connect(), send(), recv(), setsockopt() */
#include <netinet/in.h>  /* struct sockaddr_in */
#include <netinet/tcp.h> /* TCP_NODELAY */
#include <arpa/inet.h>   /* htons(), inet_addr() */
#include <fcntl.h>       /* fcntl(), O_NONBLOCK */
#include <unistd.h>      /* close() */

#define MAXSIZE 4096      /* largest message */
#define MAXEVENTS 1024    /* ready connections taken per epoll_wait() */
#define STALL_MS 10000    /* no reply at all for this long: the server is stuck, fail */

static void DieWithError(const char *errorMessage)
{
    perror(errorMessage);
    exit(1);
}

static void Fail(const char *message)
{
    fprintf(stderr, "EpollLoad: %s\n", message);
    exit(1);
}

static long long Now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int CompareInts(const void *a, const void *b)
{
    unsigned int x = *(const unsigned int *) a, y = *(const unsigned int *) b;
    return (x > y) - (x < y);
}

struct conn {
    int sock;
    int got;             /* bytes of the current reply read so far */
    long long sentAt;    /* when the current request went out */
};

static char message[MAXSIZE]; /* what every request carries (its bytes vary, so an echo of the wrong bytes is seen) */
static int size;

static void SendRequest(struct conn *c)
{
    ssize_t n;
    c->got = 0;
    c->sentAt = Now();
    /* a request is far smaller than a socket's buffer, and the previous reply is all read: it goes whole */
    if ((n = send(c->sock, message, size, MSG_NOSIGNAL)) != size)
    {
        if (n < 0)
            DieWithError("send() failed");
        Fail("short send of a request");
    }
}

int main(int argc, char *argv[])
{
    struct sockaddr_in servAddr;
    struct epoll_event ev, events[MAXEVENTS];
    struct conn *conns;
    char buf[MAXSIZE];
    unsigned int *samples;   /* latencies in ns of the requests completed while measuring */
    long nSamples = 0, capSamples = 1 << 20;
    int nConns, epfd, i, one = 1, nReady;
    long warmMs, measureMs;
    long long start, connected, measureFrom, measureTo, lastReply, now;
    long long sumNs = 0;
    struct timespec tenMs = {0, 10000000};

    if (argc < 6 || argc > 7)
    {
        fprintf(stderr, "Usage: %s <ip> <port> <connections> <warm-up ms> <measure ms> [<message bytes>]\n", argv[0]);
        exit(1);
    }
    nConns = atoi(argv[3]);
    warmMs = atol(argv[4]);
    measureMs = atol(argv[5]);
    size = argc == 7 ? atoi(argv[6]) : 32;
    if (nConns < 1 || warmMs < 0 || measureMs < 1 || size < 1 || size > MAXSIZE)
        Fail("connections >= 1, measure ms >= 1, 1 <= message bytes <= 4096");
    for (i = 0; i < size; i++)
        message[i] = (char) ('a' + i % 26);

    memset(&servAddr, 0, sizeof(servAddr));
    servAddr.sin_family = AF_INET;
    servAddr.sin_addr.s_addr = inet_addr(argv[1]);
    servAddr.sin_port = htons(atoi(argv[2]));

    if ((conns = calloc(nConns, sizeof(*conns))) == NULL || (samples = malloc(capSamples * sizeof(*samples))) == NULL)
        DieWithError("malloc() failed");
    if ((epfd = epoll_create1(0)) < 0)
        DieWithError("epoll_create1() failed");

    /* Connect every connection first (blocking, one after another; a refused one is retried for
     * up to 2 s), then make each non-blocking and watch it */
    start = Now();
    for (i = 0; i < nConns; i++)
    {
        int retryMs = 2000;
        for (;;)
        {
            if ((conns[i].sock = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
                DieWithError("socket() failed");
            if (connect(conns[i].sock, (struct sockaddr *) &servAddr, sizeof(servAddr)) == 0)
                break;
            if (errno != ECONNREFUSED || retryMs <= 0)
                DieWithError("connect() failed");
            close(conns[i].sock);
            nanosleep(&tenMs, NULL);
            retryMs -= 10;
        }
        if (setsockopt(conns[i].sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0)
            DieWithError("setsockopt() failed");
        if (fcntl(conns[i].sock, F_SETFL, fcntl(conns[i].sock, F_GETFL) | O_NONBLOCK) < 0)
            DieWithError("fcntl() failed");
        memset(&ev, 0, sizeof(ev));
        ev.events = EPOLLIN;
        ev.data.ptr = &conns[i];
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, conns[i].sock, &ev) < 0)
            DieWithError("epoll_ctl() failed");
    }
    connected = Now();

    for (i = 0; i < nConns; i++)
        SendRequest(&conns[i]);
    measureFrom = Now() + warmMs * 1000000LL;
    measureTo = measureFrom + measureMs * 1000000LL;
    lastReply = Now();

    /* until the window ends, and past it until one request has completed in it (a cold or
     * loaded server); a server that answers nothing for STALL_MS fails the run */
    while ((now = Now()) < measureTo || nSamples == 0)
    {
        if ((nReady = epoll_wait(epfd, events, MAXEVENTS, 100)) < 0)
        {
            if (errno == EINTR)
                continue;
            DieWithError("epoll_wait() failed");
        }
        if (nReady == 0 && Now() - lastReply > STALL_MS * 1000000LL)
            Fail("no reply for 10 s: the server is stuck");
        for (i = 0; i < nReady; i++)
        {
            struct conn *c = events[i].data.ptr;
            ssize_t n = recv(c->sock, buf, size - c->got, 0);
            if (n < 0)
            {
                if (errno == EAGAIN)
                    continue;
                DieWithError("recv() failed");
            }
            if (n == 0)
                Fail("the server closed a connection");
            if (memcmp(buf, message + c->got, n) != 0)
                Fail("the echo differs from the request");
            if ((c->got += n) < size)
                continue; /* the rest of the reply is still to come */
            lastReply = Now();
            if (lastReply >= measureFrom)
            {
                long long ns = lastReply - c->sentAt;
                if (nSamples == capSamples)
                {
                    capSamples *= 2;
                    if ((samples = realloc(samples, capSamples * sizeof(*samples))) == NULL)
                        DieWithError("realloc() failed");
                }
                samples[nSamples++] = ns > 4000000000LL ? 4000000000U : (unsigned int) ns;
                sumNs += ns;
            }
            SendRequest(c);
        }
    }

    if (now > measureTo)
        measureTo = now; /* the window was stretched to the first completion */
    qsort(samples, nSamples, sizeof(*samples), CompareInts);
    printf("mode=epoll conns=%d size=%d connect_ms=%.1f seconds=%.3f requests=%ld rps=%.0f p50_us=%.1f p99_us=%.1f mean_us=%.1f\n",
           nConns, size, (connected - start) / 1e6, (measureTo - measureFrom) / 1e9, nSamples,
           nSamples / ((measureTo - measureFrom) / 1e9),
           samples[nSamples / 2] / 1e3, samples[(long) (nSamples * 0.99)] / 1e3, sumNs / 1e3 / nSamples);
    for (i = 0; i < nConns; i++)
        close(conns[i].sock);
    free(samples);
    free(conns);
    exit(0);
}
