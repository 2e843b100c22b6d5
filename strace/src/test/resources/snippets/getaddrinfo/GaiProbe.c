/* GaiProbe.c: for each host given, getaddrinfo(host, port, AF_UNSPEC, SOCK_STREAM, AI_ADDRCONFIG),
 * then socket() and connect() to each address in turn until one connects; prints what happened.
 * The C half of the pair whose traces are the getaddrinfo snippets (GaiProbe.java is the other).
 * SPDX-License-Identifier: Apache-2.0 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    if (argc < 3) {
        fprintf(stderr, "Usage: %s <Port> <Host>...\n", argv[0]);
        exit(1);
    }
    for (int i = 2; i < argc; i++) {
        struct addrinfo hints, *list, *a;
        memset(&hints, 0, sizeof(hints));
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_ADDRCONFIG;
        int rc = getaddrinfo(argv[i], argv[1], &hints, &list);
        if (rc != 0) {
            printf("%s: getaddrinfo() failed: %s\n", argv[i], gai_strerror(rc));
            continue;
        }
        for (a = list; a != NULL; a = a->ai_next) {
            int s = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
            if (s < 0) {
                perror("socket() failed");
                continue;
            }
            int ok = connect(s, a->ai_addr, a->ai_addrlen) == 0;
            printf("%s: family %d connect %s\n", argv[i], a->ai_family, ok ? "ok" : "failed");
            close(s);
            if (ok) {
                break;
            }
        }
        freeaddrinfo(list);
    }
    fflush(stdout);
    return 0;
}
