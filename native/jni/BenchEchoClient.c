/* BenchEchoClient.c: the C client lane of the request/response, throughput and connection-rate
 * benchmarks. The Java lanes (EchoLoad.java) make the same calls in the same order and print
 * the same line, so the harness compares like with like.
 * Usage: BenchEchoClient rtt  <ip> <port> <warm-up round trips> <round trips>
 *        BenchEchoClient tput <ip> <port> <bytes per run> <chunk bytes> <warm-up runs> <runs>
 *        BenchEchoClient conn <ip> <port> <connections> <max seconds> [<clients>]
 *        BenchEchoClient serve <ip> <port> <max seconds>
 *        BenchEchoClient rtt-udp|serve-udp ...: rtt and serve over UDP (the UDP lane; serve's "rtt" only)
 * rtt:  32-byte send, then recv until 32 bytes are back; one sample per round trip
 * tput: each run sends <bytes> in <chunk> pieces, each echoed back in full before the next
 * conn: per connection socket, connect, 32-byte echo, close (the load for the server benchmark);
 *       <clients> threads at once (1 to 64, default 1), each a share of the connections in turn
 * serve: one round per stdin line ("rtt <warm-up> <count>", "tput <bytes> <chunk> <warm-up> <runs>",
 *        or "spin <n>": n steps of a multiply-add chain, no syscall, timed: the CPU's own speed),
 *        each on a new connection, its line followed by the CPU time of this thread and of this
 *        process per operation; EOF or "quit" ends it (Interleave.java: one warm process a lane)
 * UDP: each round a new unconnected socket, 32 bytes sendto() the server, recvfrom() the reply
 *      (2 s receive timeout: a lost datagram fails the round instead of hanging it)
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>       /* printf(), fprintf(), perror() */
#include <stdlib.h>      /* atol(), exit(), malloc(), qsort() */
#include <string.h>      /* memset(), memcpy() */
#include <errno.h>       /* errno, ECONNREFUSED */
#include <time.h>        /* clock_gettime(), nanosleep() */
#include <sys/socket.h>  /* socket(), connect(), send(), recv(), setsockopt() */
#include <sys/time.h>    /* struct timeval */
#include <netinet/in.h>  /* struct sockaddr_in */
#include <netinet/tcp.h> /* TCP_NODELAY */
#include <arpa/inet.h>   /* htons(), inet_addr() */
#include <unistd.h>      /* close(), alarm() */
#include <pthread.h>     /* pthread_create(), pthread_join(): conn's concurrent clients */

#define MAXCLIENTS 64

#define MSGSIZE 32 /* the request/response size */

static void DieWithError(const char *errorMessage)
{
    perror(errorMessage);
    exit(1);
}

static long long Now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long CpuNow(clockid_t clock) /* CPU time of this thread or process, ns */
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long cpu0[2]; /* thread and process CPU time when the measured part began */

static void CpuStart(void)
{
    cpu0[0] = CpuNow(CLOCK_THREAD_CPUTIME_ID);
    cpu0[1] = CpuNow(CLOCK_PROCESS_CPUTIME_ID);
}

/* " cpu_ns=.. pcpu_ns=..": CPU time per operation since CpuStart(), in serve mode only */
static int serving;
static void PrintCpu(long ops)
{
    if (serving)
        printf(" cpu_ns=%.0f pcpu_ns=%.0f", (double) (CpuNow(CLOCK_THREAD_CPUTIME_ID) - cpu0[0]) / ops,
               (double) (CpuNow(CLOCK_PROCESS_CPUTIME_ID) - cpu0[1]) / ops);
    printf("\n");
    fflush(stdout);
}

static int CompareLongs(const void *a, const void *b)
{
    long long x = *(const long long *) a, y = *(const long long *) b;
    return (x > y) - (x < y);
}

static struct sockaddr_in servAddr;

/* a connected TCP socket with TCP_NODELAY; retries a refused connect for up to retryMs */
static int Connect(int retryMs)
{
    int sock, one = 1;
    struct timespec tenMs = {0, 10000000};
    for (;;) {
        if ((sock = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
            DieWithError("socket() failed");
        if (connect(sock, (struct sockaddr *) &servAddr, sizeof(servAddr)) == 0)
            break;
        if (errno != ECONNREFUSED || retryMs <= 0)
            DieWithError("connect() failed");
        close(sock); /* the server is not listening yet: wait a little */
        nanosleep(&tenMs, NULL);
        retryMs -= 10;
    }
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return sock;
}

static void SendAll(int sock, const char *buf, long n)
{
    long sent = 0, s;
    while (sent < n) {
        if ((s = send(sock, buf + sent, n - sent, 0)) <= 0)
            DieWithError("send() failed");
        sent += s;
    }
}

static void RecvAll(int sock, char *buf, long n)
{
    long got = 0, r;
    while (got < n) {
        if ((r = recv(sock, buf + got, n - got, 0)) <= 0)
            DieWithError("recv() failed or connection closed prematurely");
        got += r;
    }
}

/* the statistics line every lane prints: mean, median and 99th percentile of the samples */
static void PrintStats(const char *mode, long long *samples, long n)
{
    double sum = 0;
    long i;
    qsort(samples, n, sizeof(long long), CompareLongs);
    for (i = 0; i < n; i++)
        sum += samples[i];
    printf("lane=c mode=%s n=%ld mean_ns=%.0f p50_ns=%lld p99_ns=%lld min_ns=%lld max_ns=%lld",
           mode, n, sum / n, samples[n / 2], samples[(long) (n * 0.99)], samples[0], samples[n - 1]);
    PrintCpu(n);
}

static int udp; /* the UDP lane: rtt-udp, serve-udp */

/* one UDP round trip: the datagram out with sendto(), the reply in with recvfrom() */
static void UdpTrip(int sock, const char *msg, char *buf)
{
    struct sockaddr_in from;
    socklen_t fromLen = sizeof(from);
    if (sendto(sock, msg, MSGSIZE, 0, (struct sockaddr *) &servAddr, sizeof(servAddr)) != MSGSIZE)
        DieWithError("sendto() failed");
    if (recvfrom(sock, buf, MSGSIZE, 0, (struct sockaddr *) &from, &fromLen) != MSGSIZE)
        DieWithError("recvfrom() failed, timed out or short");
}

static void RoundTrips(long warmup, long count)
{
    char msg[MSGSIZE], buf[MSGSIZE];
    long long *samples = malloc(count * sizeof(long long));
    long i;
    int sock;
    struct timeval twoSeconds = {2, 0};
    if (udp) {
        if ((sock = socket(PF_INET, SOCK_DGRAM, IPPROTO_UDP)) < 0)
            DieWithError("socket() failed");
        setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &twoSeconds, sizeof(twoSeconds));
    } else
        sock = Connect(5000);
    memset(msg, 'x', MSGSIZE);
    for (i = -warmup; i < count; i++) {
        if (i == 0)
            CpuStart(); /* the warm-up's CPU is not counted */
        long long t0 = Now();
        if (udp)
            UdpTrip(sock, msg, buf);
        else {
            SendAll(sock, msg, MSGSIZE);
            RecvAll(sock, buf, MSGSIZE);
        }
        if (i >= 0)
            samples[i] = Now() - t0;
    }
    close(sock);
    PrintStats("rtt", samples, count);
    free(samples);
}

static void Throughput(long bytes, long chunk, long warmup, long runs)
{
    char *out = malloc(chunk), *in = malloc(chunk);
    long long *samples = malloc(runs * sizeof(long long));
    long i, done;
    int sock = Connect(5000);
    memset(out, 'y', chunk);
    for (i = -warmup; i < runs; i++) {
        if (i == 0)
            CpuStart();
        long long t0 = Now();
        for (done = 0; done < bytes; done += chunk) {
            SendAll(sock, out, chunk);
            RecvAll(sock, in, chunk);
        }
        if (i >= 0)
            samples[i] = Now() - t0;
    }
    close(sock);
    qsort(samples, runs, sizeof(long long), CompareLongs);
    printf("lane=c mode=tput bytes=%ld chunk=%ld runs=%ld p50_ns=%lld min_ns=%lld mib_s=%.1f",
           bytes, chunk, runs, samples[runs / 2], samples[0],
           (bytes / 1048576.0) / (samples[runs / 2] / 1e9));
    PrintCpu(runs * bytes / 1048576); /* per MiB */
}

/* one client of the conn mode: takes a ticket from the shared pool for each connection until
 * the pool is empty or the deadline passes; samples into its own slice of the array. The clock
 * stops when the last ticket is taken, and only connections done by then count for the rate: a
 * client stalled in a SYN retransmit (1 s) at the end does not stretch the others' time. */
static long tickets;              /* connections not yet started */
static long long lastTicketAt;    /* when the pool ran empty */
struct connClient {
    long tried, ok, inTime, failed;
    long long deadline, *samples;
};

static void *ConnClient(void *arg)
{
    struct connClient *c = arg;
    char msg[MSGSIZE], buf[MSGSIZE];
    struct timeval twoSeconds = {2, 0}; /* a hung server child costs 2 s, not forever */
    long left;
    memset(msg, 'z', MSGSIZE);
    while (Now() < c->deadline && (left = __atomic_sub_fetch(&tickets, 1, __ATOMIC_SEQ_CST)) >= 0) {
        long long t0 = Now(), done;
        long got = 0, r;
        int sock;
        if (left == 0)
            __atomic_store_n(&lastTicketAt, t0, __ATOMIC_SEQ_CST);
        c->tried++;
        sock = Connect(0);
        setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &twoSeconds, sizeof(twoSeconds));
        SendAll(sock, msg, MSGSIZE);
        while (got < MSGSIZE && (r = recv(sock, buf + got, MSGSIZE - got, 0)) > 0)
            got += r;
        close(sock);
        done = Now();
        if (got == MSGSIZE) {
            c->samples[c->ok++] = done - t0;
            long long end = __atomic_load_n(&lastTicketAt, __ATOMIC_SEQ_CST);
            if (end == 0 || done <= end)
                c->inTime++;
        } else
            c->failed++; /* timed out or closed early: counted, never hidden */
    }
    return NULL;
}

/* <count> connections from <clients> concurrent clients (threads): the fork servers' goal is
 * set with 16 clients, the iterative servers take one */
static void Connections(long count, int maxSeconds, int clients)
{
    long long *samples = malloc(count * clients * sizeof(long long)), *merged = malloc(count * sizeof(long long));
    struct connClient c[MAXCLIENTS];
    pthread_t threads[MAXCLIENTS];
    long i, tried = 0, ok = 0, inTime = 0, failed = 0;
    long long start, end;
    close(Connect(20000)); /* wait until the server listens; this one is not counted */
    tickets = count;
    start = Now();
    for (i = 0; i < clients; i++) {
        memset(&c[i], 0, sizeof(c[i]));
        c[i].deadline = start + maxSeconds * 1000000000LL;
        c[i].samples = samples + (long long) count * i; /* room for every ticket: a client may take most */
        if (pthread_create(&threads[i], NULL, ConnClient, &c[i]) != 0)
            DieWithError("pthread_create() failed");
    }
    for (i = 0; i < clients; i++) {
        pthread_join(threads[i], NULL);
        memcpy(merged + ok, c[i].samples, c[i].ok * sizeof(long long));
        tried += c[i].tried;
        ok += c[i].ok;
        inTime += c[i].inTime;
        failed += c[i].failed;
    }
    end = lastTicketAt != 0 ? lastTicketAt : Now(); /* 0: the deadline came first */
    double seconds = (end - start) / 1e9;
    if (ok == 0)
        merged[0] = 0; /* no sample: print zeros */
    qsort(merged, ok, sizeof(long long), CompareLongs);
    printf("lane=c mode=conn clients=%d n=%ld ok=%ld failed=%ld seconds=%.3f conn_per_s=%.1f p50_ns=%lld p99_ns=%lld\n",
           clients, tried, ok, failed, seconds, inTime / seconds, merged[ok / 2], merged[(long) (ok * 0.99)]);
}

/* the CPU's speed now, without the network: a dependent chain of 64-bit multiply-adds (a
 * round's mode may be the host's, a slower core or a busy sibling thread, and this shows it) */
static volatile unsigned long long spinSink;
static void Spin(long n)
{
    unsigned long long x = 1;
    long i;
    long long t0 = Now();
    for (i = 0; i < n; i++)
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    spinSink = x;
    printf("lane=c mode=spin n=%ld spin_ns=%.3f\n", n, (double) (Now() - t0) / n);
    fflush(stdout);
}

/* one round per stdin line, each on a new connection (the iterative server serves one client at
 * a time, and the other lanes' processes wait between their rounds) */
static void Serve(int maxSeconds)
{
    char line[256];
    long a, b, c, d;
    serving = 1;
    alarm(maxSeconds); /* a driver that never says quit does not leave this process behind */
    while (fgets(line, sizeof(line), stdin) != NULL && strncmp(line, "quit", 4) != 0) {
        if (sscanf(line, "rtt %ld %ld", &a, &b) == 2 && b > 0)
            RoundTrips(a, b);
        else if (!udp && sscanf(line, "tput %ld %ld %ld %ld", &a, &b, &c, &d) == 4 && d > 0)
            Throughput(a, b, c, d);
        else if (sscanf(line, "spin %ld", &a) == 1 && a > 0)
            Spin(a);
        else {
            fprintf(stderr, "serve: unknown command: %s", line);
            exit(2);
        }
    }
}

int main(int argc, char *argv[])
{
    if (argc > 1 && (strcmp(argv[1], "rtt-udp") == 0 || strcmp(argv[1], "serve-udp") == 0)) {
        udp = 1;
        argv[1][strlen(argv[1]) - 4] = '\0'; /* then as rtt and serve */
    }
    if (argc < 5 || (argc < 6 && strcmp(argv[1], "serve") != 0)) {
        fprintf(stderr, "Usage: %s rtt|tput|conn|serve <ip> <port> ...\n", argv[0]);
        exit(2);
    }
    memset(&servAddr, 0, sizeof(servAddr));
    servAddr.sin_family = AF_INET;
    servAddr.sin_addr.s_addr = inet_addr(argv[2]);
    servAddr.sin_port = htons(atoi(argv[3]));

    if (strcmp(argv[1], "rtt") == 0)
        RoundTrips(atol(argv[4]), atol(argv[5]));
    else if (strcmp(argv[1], "tput") == 0 && argc == 8)
        Throughput(atol(argv[4]), atol(argv[5]), atol(argv[6]), atol(argv[7]));
    else if (strcmp(argv[1], "serve") == 0)
        Serve(atoi(argv[4]));
    else if (strcmp(argv[1], "conn") == 0 && (argc == 6 || (argc == 7 && atoi(argv[6]) >= 1 && atoi(argv[6]) <= MAXCLIENTS)))
        Connections(atol(argv[4]), atoi(argv[5]), argc == 7 ? atoi(argv[6]) : 1);
    else {
        fprintf(stderr, "%s: unknown mode or wrong arguments\n", argv[0]);
        exit(2);
    }
    return 0;
}
