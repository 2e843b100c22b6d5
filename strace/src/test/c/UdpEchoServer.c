/* UdpEchoServer.c: the C twin of bindings/example's UdpEchoServer.java, line for line: echoes
 * every datagram back to its sender, forever. GenericModeTest compares the two with
 * bin/strace-compare's generic mode, a pair the tool has no scenario for.
 * SPDX-License-Identifier: Apache-2.0 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define ECHOMAX 255                                     /* longest datagram echoed */

int main(int argc, char *argv[])
{
    if (argc != 2) {
        fprintf(stderr, "Usage: UdpEchoServer <port>\n");
        exit(1);
    }
    int sock = socket(PF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (sock < 0) {
        perror("socket() failed");
        exit(1);
    }
    struct sockaddr_in servAddr;
    memset(&servAddr, 0, sizeof(servAddr));
    servAddr.sin_family = AF_INET;
    servAddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servAddr.sin_port = htons((unsigned short) atoi(argv[1]));
    if (bind(sock, (struct sockaddr *) &servAddr, sizeof(servAddr)) < 0) {
        perror("bind() failed");
        exit(1);
    }
    struct sockaddr_in clntAddr;
    memset(&clntAddr, 0, sizeof(clntAddr));
    socklen_t clntLen;
    char buffer[ECHOMAX];
    for (;;) {
        clntLen = sizeof(clntAddr);
        ssize_t n = recvfrom(sock, buffer, ECHOMAX, 0, (struct sockaddr *) &clntAddr, &clntLen);
        if (n < 0) {
            perror("recvfrom() failed");
            exit(1);
        }
        if (sendto(sock, buffer, (size_t) n, 0, (struct sockaddr *) &clntAddr, clntLen) != n) {
            perror("sendto() failed");
            exit(1);
        }
    }
}
