/* ResolveService.c: a port number or service name to a port in network byte order,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* fprintf() */
#include <stdlib.h>     /* atoi() and exit() */
#include <netdb.h>      /* getservbyname() and struct servent */
#include <netinet/in.h> /* htons() */

unsigned short ResolveService(char service[], char protocol[])
{
    struct servent *serv; /* what the services database knows of the name */
    unsigned short port;  /* the port to return, in network byte order */

    if ((port = atoi(service)) == 0) /* not a number (or 0): look it up as a name */
    {
        if ((serv = getservbyname(service, protocol)) == NULL) /* no such service for this protocol */
        {
            fprintf(stderr, "getservbyname() failed\n"); /* Book bug fixed: its message had no newline */
            exit(1);                                     /* an unknown service ends the program */
        }
        else
            port = serv->s_port; /* s_port is in network byte order already (in an int's low 16 bits) */
    }
    else
        port = htons(port); /* a number: host to network byte order */

    return port;
}
