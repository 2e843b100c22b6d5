/* ResolveDriver.c: calls the 1st edition's ResolveName() or ResolveService() (native/) once and
 * prints the result, for ResolveTest; its Java twin is ResolveDriver.java (echo's test sources).
 *   ResolveDriver name <name>                 prints "<value> <dotted quad>"
 *   ResolveDriver service <service> <protocol> prints "<value> <port in host order>"
 * The value is the function's result as it is (network byte order); the second field is the
 * same value made readable, so a test need not know this machine's byte order.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() and fprintf() */
#include <string.h>     /* strcmp() */
#include <arpa/inet.h>  /* inet_ntoa(), ntohs() and struct in_addr */

unsigned long ResolveName(char name[]);                    /* native/ResolveName.c */
unsigned short ResolveService(char service[], char protocol[]); /* native/ResolveService.c */

int main(int argc, char *argv[])
{
    if (argc == 3 && strcmp(argv[1], "name") == 0)
    {
        unsigned long address = ResolveName(argv[2]); /* exits on failure */
        struct in_addr in;                            /* the value as inet_ntoa() takes it */
        in.s_addr = address;                          /* the low 32 bits: an IPv4 address */
        printf("%lu %s\n", address, inet_ntoa(in));
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "service") == 0)
    {
        unsigned short port = ResolveService(argv[2], argv[3]); /* exits on failure */
        printf("%u %u\n", port, ntohs(port));
        return 0;
    }
    fprintf(stderr, "usage: %s name <name> | service <service> <protocol>\n", argv[0]);
    return 2;
}
