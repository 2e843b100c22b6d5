/* AddressUtility.java: prints and compares IPv4 and IPv6 socket addresses,
 * the Java twin of native/ed2/AddressUtility.c: the same calls, in the same order.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */
import static java.lang.foreign.MemorySegment.NULL;

final class AddressUtility {

    private AddressUtility() {
    }

    /* fprintf() is variadic: one invoker a shape of arguments, linked once */
    private static final fprintf FPRINTF_S = fprintf.makeInvoker(C_POINTER); /* fprintf(stream, fmt, char *) */
    private static final fprintf FPRINTF_U = fprintf.makeInvoker(C_INT);     /* fprintf(stream, fmt, unsigned int) */

    /* address: a struct sockaddr of any size the caller has (a sockaddr_storage, or ai_addr);
     * stream: a FILE *, such as stdout() */
    static void PrintSocketAddress(MemorySegment address, MemorySegment stream)
    {
        MemorySegment numericAddress; /* the binary address inside the structure */
        short port;                   /* the port, in host byte order (C: in_port_t; same 16 bits) */

        if (address.equals(NULL) || stream.equals(NULL)) /* nothing to print, or nowhere to print it */
            return;

        /* C's addrBuffer lives in this call's stack frame; so does this arena */
        try (Arena frame = Arena.ofConfined()) {
            MemorySegment addrBuffer = frame.allocate(INET6_ADDRSTRLEN()); /* the printable address; room for IPv6 is room for IPv4 */

            int family = sockaddr.sa_family(address); /* where the address and port sit depends on the family */
            if (family == AF_INET()) {
                numericAddress = sockaddr_in.sin_addr(address);       /* 4 bytes */
                port = ntohs(sockaddr_in.sin_port(address));          /* network to host order */
            } else if (family == AF_INET6()) {
                numericAddress = sockaddr_in6.sin6_addr(address);     /* 16 bytes */
                port = ntohs(sockaddr_in6.sin6_port(address));        /* network to host order */
            } else {
                fputs(C("[unknown type]"), stream); /* a family this function does not know */
                return;
            }

            /* Binary address to text */
            if (inet_ntop(sockaddr.sa_family(address), numericAddress, addrBuffer, (int) addrBuffer.byteSize()).equals(NULL))
                fputs(C("[invalid address]"), stream); /* inet_ntop() could not convert it */
            else
            {
                FPRINTF_S.apply(stream, C("%s"), addrBuffer);                 /* the address as text */
                if (port != 0)                                               /* zero is no port: leave it out */
                    FPRINTF_U.apply(stream, C("-%u"), Short.toUnsignedInt(port)); /* the port after a dash */
            }
        }
    }

    static boolean SockAddrsEqual(MemorySegment addr1, MemorySegment addr2)
    {
        if (addr1.equals(NULL) || addr2.equals(NULL)) /* equal only if both are missing */
            return addr1.equals(addr2);
        else if (sockaddr.sa_family(addr1) != sockaddr.sa_family(addr2)) /* different families never match */
            return false;
        else if (sockaddr.sa_family(addr1) == AF_INET()) /* IPv4: compare address and port */
        {
            MemorySegment ipv4Addr1 = addr1; /* the first, as IPv4 */
            MemorySegment ipv4Addr2 = addr2; /* the second, as IPv4 */
            return in_addr.s_addr(sockaddr_in.sin_addr(ipv4Addr1)) == in_addr.s_addr(sockaddr_in.sin_addr(ipv4Addr2))
                && sockaddr_in.sin_port(ipv4Addr1) == sockaddr_in.sin_port(ipv4Addr2); /* both in network order: compare as they are */
        }
        else if (sockaddr.sa_family(addr1) == AF_INET6()) /* IPv6: compare the 16 address bytes and port */
        {
            MemorySegment ipv6Addr1 = addr1; /* the first, as IPv6 */
            MemorySegment ipv6Addr2 = addr2; /* the second, as IPv6 */
            return memcmp(sockaddr_in6.sin6_addr(ipv6Addr1), sockaddr_in6.sin6_addr(ipv6Addr2), in6_addr.sizeof()) == 0
                && sockaddr_in6.sin6_port(ipv6Addr1) == sockaddr_in6.sin6_port(ipv6Addr2); /* address bytes, then port */
        }
        else
            return false; /* a family this function does not know */
    }
}
