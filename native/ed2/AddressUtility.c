/* AddressUtility.c: prints and compares IPv4 and IPv6 socket addresses,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd ed.) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>     /* fputs() and fprintf() */
#include <string.h>    /* memcmp() */
#include <stdbool.h>   /* bool */
#include <arpa/inet.h> /* inet_ntop(), ntohs(), struct sockaddr_in and sockaddr_in6 */

void PrintSocketAddress(const struct sockaddr *address, FILE *stream)
{
    void *numericAddress;              /* the binary address inside the structure */
    char addrBuffer[INET6_ADDRSTRLEN]; /* the printable address; room for IPv6 is room for IPv4 */
    in_port_t port;                    /* the port, in host byte order */

    if (address == NULL || stream == NULL) /* nothing to print, or nowhere to print it */
        return;

    switch (address->sa_family) /* where the address and port sit depends on the family */
    {
    case AF_INET:
        numericAddress = &((struct sockaddr_in *) address)->sin_addr; /* 4 bytes */
        port = ntohs(((struct sockaddr_in *) address)->sin_port);     /* network to host order */
        break;
    case AF_INET6:
        numericAddress = &((struct sockaddr_in6 *) address)->sin6_addr; /* 16 bytes */
        port = ntohs(((struct sockaddr_in6 *) address)->sin6_port);     /* network to host order */
        break;
    default:
        fputs("[unknown type]", stream); /* a family this function does not know */
        return;
    }

    /* Binary address to text */
    if (inet_ntop(address->sa_family, numericAddress, addrBuffer, sizeof(addrBuffer)) == NULL)
        fputs("[invalid address]", stream); /* inet_ntop() could not convert it */
    else
    {
        fprintf(stream, "%s", addrBuffer); /* the address as text */
        if (port != 0)                     /* zero is no port: leave it out */
            fprintf(stream, "-%u", port);  /* the port after a dash */
    }
}

bool SockAddrsEqual(const struct sockaddr *addr1, const struct sockaddr *addr2)
{
    if (addr1 == NULL || addr2 == NULL) /* equal only if both are missing */
        return addr1 == addr2;
    else if (addr1->sa_family != addr2->sa_family) /* different families never match */
        return false;
    else if (addr1->sa_family == AF_INET) /* IPv4: compare address and port */
    {
        struct sockaddr_in *ipv4Addr1 = (struct sockaddr_in *) addr1; /* the first, as IPv4 */
        struct sockaddr_in *ipv4Addr2 = (struct sockaddr_in *) addr2; /* the second, as IPv4 */
        return ipv4Addr1->sin_addr.s_addr == ipv4Addr2->sin_addr.s_addr
            && ipv4Addr1->sin_port == ipv4Addr2->sin_port; /* both in network order: compare as they are */
    }
    else if (addr1->sa_family == AF_INET6) /* IPv6: compare the 16 address bytes and port */
    {
        struct sockaddr_in6 *ipv6Addr1 = (struct sockaddr_in6 *) addr1; /* the first, as IPv6 */
        struct sockaddr_in6 *ipv6Addr2 = (struct sockaddr_in6 *) addr2; /* the second, as IPv6 */
        return memcmp(&ipv6Addr1->sin6_addr, &ipv6Addr2->sin6_addr, sizeof(struct in6_addr)) == 0
            && ipv6Addr1->sin6_port == ipv6Addr2->sin6_port; /* address bytes, then port */
    }
    else
        return false; /* a family this function does not know */
}
