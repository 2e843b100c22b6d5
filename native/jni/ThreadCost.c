/* ThreadCost.c: C's side of benchmarks/thread-cost's thread lifecycle lane (ThreadCost.java is the
 * Java side): pthread_create + pthread_join, one thread at a time, of
 *   0 an empty start routine, and
 *   1 TCPEchoServer-Thread's ThreadMain without its pthread_detach (so that it can be joined):
 *     take the argument, free it, HandleTCPClient on a socketpair end whose peer is already
 *     closed (one recv() that returns 0, then close()),
 * in blocks of <threads>, alternating, <rounds> rounds after one warm-up round. Prints, per
 * variant, the median over rounds of the mean microseconds per create + join and, for 1, its parts:
 * pthread_create() to the start routine's first statement, the body, its return to pthread_join()'s.
 * Usage: ThreadCost <threads> <rounds>
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf(), fprintf() */
#include <stdlib.h>     /* atoi(), malloc(), free(), qsort() */
#include <pthread.h>    /* pthread_create(), pthread_join() */
#include <time.h>       /* clock_gettime() */
#include <unistd.h>     /* close() */
#include <sys/socket.h> /* socketpair() */

#define MAXROUNDS 99

void HandleTCPClient(int clntSocket); /* native/HandleTCPClient.c, the thread server's own */

struct ThreadArgs { int clntSock; }; /* as in native/TCPEchoServer-Thread.c */

static volatile long long tIn, tOut; /* when the last body began and ended */

static long long Now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *Empty(void *arg)
{
    (void) arg;
    return NULL;
}

static void *Body(void *threadArgs)
{
    int clntSock;

    tIn = Now();
    clntSock = ((struct ThreadArgs *) threadArgs)->clntSock;
    free(threadArgs);
    HandleTCPClient(clntSock);
    tOut = Now();
    return NULL;
}

static int Compare(const void *a, const void *b)
{
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

static double Median(const long long *v, int n) /* microseconds */
{
    long long c[MAXROUNDS];
    for (int i = 0; i < n; i++)
        c[i] = v[i];
    qsort(c, n, sizeof c[0], Compare);
    return c[n / 2] / 1e3;
}

int main(int argc, char *argv[])
{
    void *(*starts[2])(void *) = { Empty, Body };
    long long per[2][MAXROUNDS], in[MAXROUNDS], out[MAXROUNDS];
    int n, rounds;

    if (argc != 3 || (n = atoi(argv[1])) < 1 || (rounds = atoi(argv[2])) < 1 || rounds > MAXROUNDS)
    {
        fprintf(stderr, "Usage: %s <threads> <rounds (1 to %d)>\n", argv[0], MAXROUNDS);
        exit(1);
    }
    for (int r = -1; r < rounds; r++) /* round -1 warms up */
        for (int k = 0; k < 2; k++)
        {
            long long sum = 0, sumIn = 0, sumOut = 0;
            for (int i = 0; i < n; i++)
            {
                int sv[2];
                pthread_t tid;
                struct ThreadArgs *threadArgs;
                long long t0, t1;

                if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 || (threadArgs = malloc(sizeof *threadArgs)) == NULL)
                {
                    perror("socketpair() or malloc() failed");
                    exit(1);
                }
                close(sv[1]); /* the body's recv() sees the end at once */
                threadArgs->clntSock = sv[0];
                t0 = Now();
                if (pthread_create(&tid, NULL, starts[k], k == 1 ? threadArgs : NULL) != 0 || pthread_join(tid, NULL) != 0)
                {
                    fprintf(stderr, "pthread_create() or pthread_join() failed\n");
                    exit(1);
                }
                t1 = Now();
                sum += t1 - t0;
                if (k == 1)
                {
                    sumIn += tIn - t0;
                    sumOut += t1 - tOut;
                }
                else
                {
                    close(sv[0]);
                    free(threadArgs);
                }
            }
            if (r >= 0)
            {
                per[k][r] = sum / n;
                if (k == 1)
                {
                    in[r] = sumIn / n;
                    out[r] = sumOut / n;
                }
            }
        }
    printf("lane=c variant=empty us=%.1f\n", Median(per[0], rounds));
    printf("lane=c variant=threadmain us=%.1f create_to_entry_us=%.1f body_us=%.1f exit_to_joined_us=%.1f\n",
           Median(per[1], rounds), Median(in, rounds),
           Median(per[1], rounds) - Median(in, rounds) - Median(out, rounds), Median(out, rounds));
    return 0;
}
