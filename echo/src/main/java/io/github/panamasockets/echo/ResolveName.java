/* ResolveName.java: a host name (or dotted quad) to its first IPv4 address, in network byte order,
 * the Java twin of native/ResolveName.c: the same calls, in the same order.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */
import static java.lang.foreign.MemorySegment.NULL;

final class ResolveName {

    private ResolveName() {
    }

    /* fprintf() is variadic: one invoker a shape of arguments, linked once */
    private static final fprintf FPRINTF = fprintf.makeInvoker(); /* fprintf(stream, fmt) */

    /* name: a C string. The result is C's unsigned long: the address in its low 32 bits */
    static long ResolveName(MemorySegment name)
    {
        MemorySegment host; /* what the resolver knows of the name (C: struct hostent *) */

        if ((host = gethostbyname(name)).equals(NULL)) /* no IPv4 address for this name */
        {
            FPRINTF.apply(stderr(), C("gethostbyname() failed\n")); /* book bug fixed, as in C: a newline */
            exit(1);                                                 /* a name that does not resolve ends the program */
        }

        /* The first address, already in network byte order (book bug fixed, as in C: 4 bytes read) */
        return Integer.toUnsignedLong(in_addr.s_addr(hostent.h_addr_list(host).get(C_POINTER, 0)));
    }
}
