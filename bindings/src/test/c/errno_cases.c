/* errno_cases.c: the C side of ErrnoTwinsTest. Each case makes one call of bindings/errno.list
 * fail in a way that does not depend on timing or on what else the process has open, and the
 * Java twin of each (ErrnoCases.java) makes the same call through the bindings.
 *   errno_cases              print "NAME ERRNO" for every case, in order
 *   errno_cases perror NAME  run case NAME, then perror("NAME")
 * errno is set to 0 before each call, so that a call whose failure does not set errno shows 0.
 * SPDX-License-Identifier: Apache-2.0 */
#include "sockets.h"
#include <limits.h>
#include <wchar.h>

/* Descriptors a case opens; closed after it, with errno kept as the failing call left it. */
static int fds[8];
static int nfds;

static int keep(int fd)
{
    if (fd >= 0)
        fds[nfds++] = fd;
    return fd;
}

static void release(void)
{
    int saved = errno;
    while (nfds > 0)
        close(fds[--nfds]);
    errno = saved;
}

static struct sockaddr_in loopback(int port)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    return addr;
}

static int tcp(void) { return keep(socket(AF_INET, SOCK_STREAM, 0)); }
static int udp(void) { return keep(socket(AF_INET, SOCK_DGRAM, 0)); }

static int pipe_kept(int p[2])
{
    int r = pipe(p);
    keep(p[0]);
    keep(p[1]);
    return r;
}

/* A TCP socket bound to a loopback port and not listening: its port refuses connections. */
static int closed_port(void)
{
    struct sockaddr_in addr = loopback(0);
    socklen_t len = sizeof(addr);
    int fd = tcp();
    bind(fd, (struct sockaddr *) &addr, sizeof(addr));
    getsockname(fd, (struct sockaddr *) &addr, &len);
    return ntohs(addr.sin_port);
}

/* Each case returns 1 when its call failed as its result says, with errno as the call left it. */
#define FAILS(expr) return (expr)

static int c_socket(void) { FAILS(keep(socket(12345, SOCK_STREAM, 0)) < 0); }

static int c_socketpair(void)
{
    int sv[2];
    int r = socketpair(AF_INET, SOCK_STREAM, 0, sv);
    if (r == 0) {
        keep(sv[0]);
        keep(sv[1]);
    }
    FAILS(r < 0);
}

static int c_bind(void)
{
    struct sockaddr_in addr = loopback(0);
    FAILS(bind(tcp(), (struct sockaddr *) &addr, 1) < 0);
}

static int c_listen(void)
{
    int p[2];
    pipe_kept(p);
    FAILS(listen(p[0], 5) < 0);
}

static int c_accept(void) { FAILS(keep(accept(tcp(), NULL, NULL)) < 0); }

static int c_accept4(void)
{
    struct sockaddr_in addr = loopback(0);
    int fd = keep(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
    bind(fd, (struct sockaddr *) &addr, sizeof(addr));
    listen(fd, 5);
    FAILS(keep(accept4(fd, NULL, NULL, SOCK_CLOEXEC)) < 0);
}

static int c_connect(void)
{
    struct sockaddr_in addr = loopback(closed_port());
    FAILS(connect(tcp(), (struct sockaddr *) &addr, sizeof(addr)) < 0);
}

static int c_send(void) { FAILS(send(tcp(), "x", 1, MSG_NOSIGNAL) < 0); }

static int c_recv(void)
{
    char buf[8];
    FAILS(recv(tcp(), buf, sizeof(buf), 0) < 0);
}

static int c_sendto(void) { FAILS(sendto(udp(), "x", 1, 0, NULL, 0) < 0); }

static int c_recvfrom(void)
{
    char buf[8];
    struct sockaddr_in from;
    socklen_t len = sizeof(from);
    FAILS(recvfrom(udp(), buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *) &from, &len) < 0);
}

static int c_sendmsg(void)
{
    struct msghdr msg;
    memset(&msg, 0, sizeof(msg));
    msg.msg_iovlen = 2000;                  /* more than UIO_MAXIOV */
    FAILS(sendmsg(udp(), &msg, 0) < 0);
}

static int c_recvmsg(void)
{
    struct msghdr msg;
    int p[2];
    memset(&msg, 0, sizeof(msg));
    pipe_kept(p);
    FAILS(recvmsg(p[0], &msg, 0) < 0);
}

static int c_shutdown(void) { FAILS(shutdown(tcp(), SHUT_RDWR) < 0); }

static int c_getsockname(void)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    FAILS(getsockname(-1, (struct sockaddr *) &addr, &len) < 0);
}

static int c_getpeername(void)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    FAILS(getpeername(tcp(), (struct sockaddr *) &addr, &len) < 0);
}

static int c_setsockopt(void)
{
    int one = 1;
    FAILS(setsockopt(tcp(), 12345, 1, &one, sizeof(one)) < 0);
}

static int c_getsockopt(void)
{
    int value;
    socklen_t len = (socklen_t) -1;
    FAILS(getsockopt(tcp(), SOL_SOCKET, SO_TYPE, &value, &len) < 0);
}

static int c_inet_pton(void)
{
    unsigned char buf[16];
    FAILS(inet_pton(12345, "127.0.0.1", buf) < 0);
}

static int c_inet_ntop(void)
{
    struct in_addr addr;
    char buf[4];
    addr.s_addr = htonl(INADDR_LOOPBACK);
    FAILS(inet_ntop(AF_INET, &addr, buf, sizeof(buf)) == NULL);
}

static int c_getaddrinfo(void)
{
    struct addrinfo hints, *res = NULL;
    int r;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = 12345;
    hints.ai_flags = AI_NUMERICHOST;
    r = getaddrinfo("127.0.0.1", NULL, &hints, &res);
    if (r == 0)
        freeaddrinfo(res);
    FAILS(r != 0);
}

static int c_getnameinfo(void)
{
    struct sockaddr_in addr = loopback(7);
    char host[64];
    FAILS(getnameinfo((struct sockaddr *) &addr, 1, host, sizeof(host), NULL, 0, NI_NUMERICHOST) != 0);
}

/* More than any RLIMIT_NOFILE; through a volatile, since the compiler checks NULL against a known count. */
static volatile nfds_t too_many = 0x7fffffff;

static int c_poll(void) { FAILS(poll(NULL, too_many, 0) < 0); }

static int c_select(void)
{
    struct timeval zero = {0, 0};
    FAILS(select(-1, NULL, NULL, NULL, &zero) < 0);
}

static int c_epoll_create1(void) { FAILS(keep(epoll_create1(12345)) < 0); }

static int c_epoll_ctl(void)
{
    struct epoll_event event;
    memset(&event, 0, sizeof(event));
    FAILS(epoll_ctl(keep(epoll_create1(0)), EPOLL_CTL_DEL, tcp(), &event) < 0);
}

static int c_epoll_wait(void)
{
    struct epoll_event event;
    FAILS(epoll_wait(keep(epoll_create1(0)), &event, 0, 0) < 0);
}

static int c_fcntl(void) { FAILS(fcntl(-1, F_GETFL) < 0); }

static int c_sigaction(void)
{
    struct sigaction act;
    memset(&act, 0, sizeof(act));
    act.sa_handler = SIG_DFL;
    FAILS(sigaction(SIGKILL, &act, NULL) < 0);
}

static int c_sigaddset(void)
{
    sigset_t set;
    sigemptyset(&set);
    FAILS(sigaddset(&set, 1000) < 0);
}

static int c_sigprocmask(void)
{
    sigset_t set;
    sigemptyset(&set);
    FAILS(sigprocmask(12345, &set, NULL) < 0);
}

static int c_signal(void) { FAILS(signal(SIGKILL, SIG_IGN) == SIG_ERR); }
static int c_kill(void) { FAILS(kill(getpid(), 12345) < 0); }
static int c_raise(void) { FAILS(raise(12345) < 0); }
static int c_close(void) { FAILS(close(-1) < 0); }

static int c_read(void)
{
    char buf[1];
    int p[2];
    pipe_kept(p);
    FAILS(read(p[1], buf, 1) < 0);
}

static int c_write(void)
{
    int p[2];
    pipe_kept(p);
    FAILS(write(p[0], "x", 1) < 0);
}

static int c_dup(void) { FAILS(keep(dup(-1)) < 0); }

static int c_dup2(void)
{
    int p[2];
    pipe_kept(p);
    FAILS(dup2(p[0], -1) < 0);
}

static int c_waitpid(void)
{
    int status;
    FAILS(waitpid(getpid(), &status, WNOHANG) < 0);     /* never a child of itself */
}

static int c_fdopen(void)
{
    int p[2];
    FILE *f;
    pipe_kept(p);
    f = fdopen(p[0], "z");
    if (f != NULL)
        fclose(f);
    FAILS(f == NULL);
}

/* A stream that only reads (pipe's read end) or only writes (the write end); the stream owns
 * its descriptor, the other end is kept. */
static FILE *stream(int write_end)
{
    int p[2];
    int e = errno;
    pipe(p);
    keep(p[write_end ? 0 : 1]);
    FILE *f = fdopen(p[write_end ? 1 : 0], write_end ? "w" : "r");
    errno = e;
    return f;
}

static void done(FILE *f)
{
    int e = errno;
    fclose(f);
    errno = e;
}

/* A stream on an unconnected UDP socket: its buffered bytes cannot be written (no address). */
static FILE *undeliverable(void)
{
    int e = errno;
    FILE *f = fdopen(socket(AF_INET, SOCK_DGRAM, 0), "w");
    fputs("x", f);
    errno = e;
    return f;
}

static int c_fflush(void)
{
    FILE *f = undeliverable();
    int r = fflush(f);
    done(f);
    FAILS(r == EOF);
}

static int c_fputs(void)
{
    FILE *f = stream(0);
    int r = fputs("x", f);
    done(f);
    FAILS(r == EOF);
}

static int c_fputc(void)
{
    FILE *f = stream(0);
    int r = fputc('x', f);
    done(f);
    FAILS(r == EOF);
}

static int c_fclose(void) { FAILS(fclose(undeliverable()) == EOF); }

static int c_fgets(void)
{
    char buf[8];
    FILE *f = stream(1);
    char *r = fgets(buf, sizeof(buf), f);
    done(f);
    FAILS(r == NULL);
}

static int c_fwrite(void)
{
    FILE *f = stream(0);
    size_t r = fwrite("x", 1, 1, f);
    done(f);
    FAILS(r == 0);
}

static int c_fread(void)
{
    char buf[1];
    FILE *f = stream(1);
    size_t r = fread(buf, 1, 1, f);
    done(f);
    FAILS(r == 0);
}

static int c_setvbuf(void)
{
    FILE *f = stream(0);
    int r = setvbuf(f, NULL, 12345, 0);
    done(f);
    FAILS(r != 0);
}

/* An unbuffered stream, so that the printf call under test makes its own write(): on a pipe whose
 * reader is gone (EPIPE; SIGPIPE ignored around the call), or on a descriptor that a pipe's read end
 * was put in place of (dup2: write() fails with EBADF, no descriptor number left free meanwhile). */
static FILE *unwritable(int broken)
{
    int p[2];
    int e = errno;
    pipe(p);
    FILE *f = fdopen(p[1], "w");
    setvbuf(f, NULL, _IONBF, 0);
    if (broken) {
        close(p[0]);
    } else {
        keep(p[0]);
        dup2(p[0], p[1]);
    }
    errno = e;
    return f;
}

/* printf writes to the variable stdout, which glibc lets a program assign: this process's own
 * stdout (the cases' output) stays as it is. */
static int c_printf(void)
{
    FILE *f = unwritable(1), *out = stdout;
    signal(SIGPIPE, SIG_IGN);
    stdout = f;
    int r = printf("x");
    stdout = out;
    int e = errno;
    signal(SIGPIPE, SIG_DFL);
    errno = e;
    done(f);
    FAILS(r < 0);
}

static int c_fprintf(void)
{
    FILE *f = unwritable(0);
    int r = fprintf(f, "%d", 42);
    done(f);
    FAILS(r < 0);
}

/* A surrogate is no character in any locale (EILSEQ; the JVM's locale is the environment's, this
 * program's is "C"). EOVERFLOW, an output longer than INT_MAX, is portable too, but glibc formats
 * all 2^31 bytes first: seconds a run. */
static int c_snprintf(void)
{
    char buf[8];
    FAILS(snprintf(buf, sizeof(buf), "%lc", (wint_t) 0xD800) < 0);
}

static int c_strtol(void) { FAILS(strtol("99999999999999999999", NULL, 10) == LONG_MAX); }

/* Sizes through volatile: the compiler must neither warn about them nor fold the calls away. */
static volatile size_t huge = (size_t) 1 << 62;
static volatile size_t big = (size_t) 1 << 40;

static int c_malloc(void)
{
    void *volatile p = malloc(huge);
    free(p);
    FAILS(p == NULL);
}

static int c_calloc(void)
{
    void *volatile p = calloc(big, big);
    free(p);
    FAILS(p == NULL);
}

static const struct {
    const char *name;
    int (*run)(void);
} cases[] = {
    {"socket", c_socket}, {"socketpair", c_socketpair}, {"bind", c_bind}, {"listen", c_listen},
    {"accept", c_accept}, {"accept4", c_accept4}, {"connect", c_connect}, {"send", c_send},
    {"recv", c_recv}, {"sendto", c_sendto}, {"recvfrom", c_recvfrom}, {"sendmsg", c_sendmsg},
    {"recvmsg", c_recvmsg}, {"shutdown", c_shutdown}, {"getsockname", c_getsockname},
    {"getpeername", c_getpeername}, {"setsockopt", c_setsockopt}, {"getsockopt", c_getsockopt},
    {"inet_pton", c_inet_pton}, {"inet_ntop", c_inet_ntop}, {"getaddrinfo", c_getaddrinfo},
    {"getnameinfo", c_getnameinfo}, {"poll", c_poll}, {"select", c_select},
    {"epoll_create1", c_epoll_create1}, {"epoll_ctl", c_epoll_ctl}, {"epoll_wait", c_epoll_wait},
    {"fcntl", c_fcntl}, {"sigaction", c_sigaction}, {"sigaddset", c_sigaddset},
    {"sigprocmask", c_sigprocmask}, {"signal", c_signal}, {"kill", c_kill}, {"raise", c_raise},
    {"close", c_close}, {"read", c_read}, {"write", c_write}, {"dup", c_dup}, {"dup2", c_dup2},
    {"waitpid", c_waitpid}, {"fdopen", c_fdopen}, {"fflush", c_fflush}, {"fputs", c_fputs},
    {"fputc", c_fputc}, {"fclose", c_fclose}, {"fgets", c_fgets}, {"fwrite", c_fwrite},
    {"fread", c_fread}, {"setvbuf", c_setvbuf}, {"printf", c_printf}, {"fprintf", c_fprintf},
    {"snprintf", c_snprintf}, {"strtol", c_strtol}, {"malloc", c_malloc},
    {"calloc", c_calloc},
};

/* Runs one case: errno as its call left it, or -1 if the call did not fail. */
static int run(int i)
{
    int failed, e;
    errno = 0;
    failed = cases[i].run();
    e = errno;
    release();
    errno = e;
    return failed ? e : -1;
}

int main(int argc, char *argv[])
{
    int count = sizeof(cases) / sizeof(cases[0]);
    if (argc == 1) {
        for (int i = 0; i < count; i++)
            printf("%s %d\n", cases[i].name, run(i));
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "perror") == 0) {
        for (int i = 0; i < count; i++) {
            if (strcmp(cases[i].name, argv[2]) == 0) {
                run(i);
                perror(argv[2]);
                return 0;
            }
        }
    }
    fprintf(stderr, "usage: %s [perror NAME]\n", argv[0]);
    return 2;
}
