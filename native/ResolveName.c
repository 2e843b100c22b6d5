/* ResolveName.c: a host name (or dotted quad) to its first IPv4 address, in network byte order,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* fprintf() */
#include <stdlib.h>     /* exit() */
#include <netdb.h>      /* gethostbyname() and struct hostent */
#include <netinet/in.h> /* struct in_addr */

unsigned long ResolveName(char name[])
{
    struct hostent *host; /* what the resolver knows of the name */

    if ((host = gethostbyname(name)) == NULL) /* no IPv4 address for this name */
    {
        fprintf(stderr, "gethostbyname() failed\n"); /* Book bug fixed: its message had no newline */
        exit(1);                                     /* a name that does not resolve ends the program */
    }

    /* The first address, already in network byte order. Book bug fixed: it read an unsigned
     * long through the pointer, 8 bytes on LP64 from a 4-byte address */
    return ((struct in_addr *) host->h_addr_list[0])->s_addr;
}
