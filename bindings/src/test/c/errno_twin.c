/* errno_twin.c: the C side of ErrnoTest's perror comparison and of the printf shapes test.
 *   errno_twin perror PORT   connect to 127.0.0.1:PORT (closed) and perror("connect() failed")
 *   errno_twin printf        print the shapes PrintfProbe prints
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    if (argc == 3 && strcmp(argv[1], "perror") == 0) {
        struct sockaddr_in addr;
        int sock = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP);
        memset(&addr, 0, sizeof(addr));
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = inet_addr("127.0.0.1");
        addr.sin_port = htons(atoi(argv[2]));
        if (connect(sock, (struct sockaddr *) &addr, sizeof(addr)) < 0)
            perror("connect() failed");
        return 1;
    }
    if (argc == 2 && strcmp(argv[1], "printf") == 0) {
        printf("plain line\n");
        printf("int %d, negative %d\n", 42, -7);
        printf("long %ld, hex %x\n", 1234567890123L, 0xbeef);
        printf("double %.3f, string %s, char %c\n", 3.14159, "hi", 'x');
        printf("%s=%d;%s=%d\n", "a", 1, "b", 2);
        fflush(stdout);
        return 0;
    }
    fprintf(stderr, "usage: %s perror PORT | printf\n", argv[0]);
    return 2;
}
