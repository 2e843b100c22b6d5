/*
 * The one header the bindings are generated from: the system headers a BSD-sockets
 * program in C includes on Linux. See bindings/sockets.argfile for what is kept.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <unistd.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <pthread.h>
#include <sys/select.h>
#include <sys/epoll.h>

/* accept4() is declared by <sys/socket.h> only under _GNU_SOURCE, which also turns the address
 * parameters of bind(), connect(), accept(), ... into transparent unions that no FFM binding can
 * express. So it is declared here as glibc declares it, with the plain pointer. */
extern int accept4(int __fd, struct sockaddr *__addr, socklen_t *__addr_len, int __flags);
