/* layout_probe.c: prints what the C compiler knows about the bound structs, typedefs and
 * constants, one "key value" line each, for LayoutsAndConstantsTest to compare with the
 * generated Java. Compiled with -I bindings/headers against the same header as the bindings.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stddef.h>
#include "sockets.h"

#define SIZE(s) printf("sizeof.%s %zu\n", #s, sizeof(struct s))
#define SIZE_T(t) printf("sizeof.%s %zu\n", #t, sizeof(t))
#define FIELD(s, f) printf("offsetof.%s.%s %zu\n", #s, #f, offsetof(struct s, f))
#define FIELD_T(t, f) printf("offsetof.%s.%s %zu\n", #t, #f, offsetof(t, f))
#define CONST(c) printf("const.%s %lld\n", #c, (long long) (c))

int main(void)
{
    SIZE(sockaddr);
    FIELD(sockaddr, sa_family);
    FIELD(sockaddr, sa_data);
    SIZE(sockaddr_in);
    FIELD(sockaddr_in, sin_family);
    FIELD(sockaddr_in, sin_port);
    FIELD(sockaddr_in, sin_addr);
    FIELD(sockaddr_in, sin_zero);
    SIZE(in_addr);
    FIELD(in_addr, s_addr);
    SIZE(timeval);
    FIELD(timeval, tv_sec);
    FIELD(timeval, tv_usec);
    SIZE_T(fd_set);
    FIELD_T(fd_set, __fds_bits);

    SIZE_T(socklen_t);
    SIZE_T(pid_t);
    SIZE_T(in_port_t);
    SIZE_T(in_addr_t);
    SIZE_T(ssize_t);
    SIZE_T(size_t);
    SIZE_T(sa_family_t);

    CONST(AF_INET);
    CONST(AF_UNIX);
    CONST(PF_INET);
    CONST(SOCK_STREAM);
    CONST(SOCK_DGRAM);
    CONST(IPPROTO_TCP);
    CONST(IPPROTO_UDP);
    CONST(INADDR_ANY);
    CONST(INADDR_NONE);
    CONST(INADDR_LOOPBACK);
    CONST(WNOHANG);
    CONST(SOL_SOCKET);
    CONST(SO_REUSEADDR);
    CONST(MSG_NOSIGNAL);
    CONST(MSG_DONTWAIT);
    CONST(F_GETFL);
    CONST(F_SETFL);
    CONST(O_NONBLOCK);
    CONST(EINTR);
    CONST(EAGAIN);
    CONST(ECONNREFUSED);
    CONST(EADDRINUSE);
    CONST(EPIPE);
    CONST(SIGPIPE);
    CONST(SIGCHLD);
    CONST(SIGKILL);
    CONST(SHUT_WR);
    CONST(EBADF); /* not bound: the errno tests need its value */
    return 0;
}
