/* CallBench.c: the C reference for the downcall benchmarks. Makes one call many times over,
 * the same call the JMH benchmarks make through each Java binding:
 *   getpid   getpid()
 *   peek     recv(fd, buf, 32, MSG_PEEK | MSG_DONTWAIT) on a socket with 32 bytes queued
 *            (peeking leaves them queued, so every call copies the same 32 bytes)
 *   empty    recv(fd, buf, 32, MSG_DONTWAIT) on a socket with nothing queued: -1, EAGAIN
 *   refill   send(a, 32 bytes) then recv(b, buf, 32, MSG_DONTWAIT): two syscalls
 * Usage: CallBench time  <call> <calls> <repeats>  prints the median ns per call of the repeats
 *        CallBench count <call> <warmup> <n1> <n2>  under valgrind --tool=callgrind: dumps the
 *                                                   counters after n1 calls and after n2 calls
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf(), fprintf() */
#include <stdlib.h>     /* atol(), exit(), qsort() */
#include <string.h>     /* strcmp() */
#include <errno.h>      /* errno, EAGAIN */
#include <time.h>       /* clock_gettime() */
#include <sys/socket.h> /* send(), recv() */
#include <unistd.h>     /* getpid() */
#include "Callgrind.h"  /* CALLGRIND_ZERO_STATS, CALLGRIND_DUMP_STATS_AT */

#define MSGSIZE 32 /* bytes per recv, as in the benchmarks */

void LoopbackPair(int ends[2]); /* two connected loopback TCP sockets */

static int ends[2];             /* ends[0] sends, ends[1] has the queued bytes */
static char buf[MSGSIZE];       /* where recv copies to */
static char msg[MSGSIZE] = "0123456789abcdef0123456789abcde"; /* what is queued */
static volatile long sink;      /* results go here, so no call is optimised away */

static void Fail(const char *what, long got)
{
    fprintf(stderr, "CallBench: %s returned %ld (errno %d)\n", what, got, errno);
    exit(1);
}

/* n calls of one kind; each result is checked, as the Java lanes check theirs */
static void Run(const char *call, long n)
{
    long i;
    if (strcmp(call, "getpid") == 0) {
        for (i = 0; i < n; i++)
            sink += getpid();
    } else if (strcmp(call, "peek") == 0) {
        for (i = 0; i < n; i++) {
            ssize_t r = recv(ends[1], buf, MSGSIZE, MSG_PEEK | MSG_DONTWAIT);
            if (r != MSGSIZE)
                Fail("recv(MSG_PEEK)", r);
        }
    } else if (strcmp(call, "empty") == 0) {
        for (i = 0; i < n; i++) {
            ssize_t r = recv(ends[0], buf, MSGSIZE, MSG_DONTWAIT);
            if (r != -1 || errno != EAGAIN)
                Fail("recv(empty)", r);
        }
    } else if (strcmp(call, "refill") == 0) {
        for (i = 0; i < n; i++) {
            ssize_t s = send(ends[0], msg, MSGSIZE, 0);
            ssize_t r;
            long tries = 0;
            while ((r = recv(ends[1], buf, MSGSIZE, MSG_DONTWAIT)) < 0 && errno == EAGAIN && ++tries < 1000000)
                ; /* not queued yet (rare on loopback): try again, bounded, as the Java lanes do */
            if (s != MSGSIZE || r != MSGSIZE)
                Fail("send/recv", r);
        }
    } else {
        fprintf(stderr, "CallBench: unknown call %s\n", call);
        exit(2);
    }
}

static double Now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int CompareDoubles(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char *argv[])
{
    if (argc < 5) {
        fprintf(stderr, "Usage: %s time <call> <calls> <repeats> | count <call> <warmup> <n1> <n2>\n", argv[0]);
        exit(2);
    }
    LoopbackPair(ends);
    if (send(ends[0], msg, MSGSIZE, 0) != MSGSIZE) /* the bytes that peek sees */
        Fail("send", -1);
    usleep(10000); /* let them arrive */
    /* peek leaves the queued bytes; for refill there must be none queued */
    const char *call = argv[2];
    if (strcmp(call, "refill") == 0 && recv(ends[1], buf, MSGSIZE, 0) != MSGSIZE)
        Fail("recv", -1);

    if (strcmp(argv[1], "time") == 0) {
        long n = atol(argv[3]);
        int reps = atoi(argv[4]), r;
        double perCall[1000];
        if (reps < 1 || reps > 1000)
            reps = 1;
        Run(call, n / 10 + 1); /* warm the caches */
        for (r = 0; r < reps; r++) {
            double t0 = Now();
            Run(call, n);
            perCall[r] = (Now() - t0) / n;
        }
        qsort(perCall, reps, sizeof(double), CompareDoubles);
        printf("call=%s calls=%ld repeats=%d ns_per_call=%.2f min_ns=%.2f max_ns=%.2f\n",
               call, n, reps, perCall[reps / 2], perCall[0], perCall[reps - 1]);
    } else if (strcmp(argv[1], "count") == 0 && argc == 6) {
        char label[64];
        int rep;
        Run(call, atol(argv[3])); /* warm-up, as the Java driver does */
        for (rep = 0; rep < 3; rep++) { /* three times: the parser keeps the least count */
            CALLGRIND_ZERO_STATS;
            Run(call, atol(argv[4]));
            snprintf(label, sizeof(label), "c:%s:n1:%d", call, rep);
            CALLGRIND_DUMP_STATS_AT(label);
            CALLGRIND_ZERO_STATS;
            Run(call, atol(argv[5]));
            snprintf(label, sizeof(label), "c:%s:n2:%d", call, rep);
            CALLGRIND_DUMP_STATS_AT(label);
        }
    } else {
        fprintf(stderr, "CallBench: unknown mode %s\n", argv[1]);
        exit(2);
    }
    return 0;
}
