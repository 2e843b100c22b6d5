/* ResolveService.java: a port number or service name to a port in network byte order,
 * the Java twin of native/ResolveService.c: the same calls, in the same order.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */
import static java.lang.foreign.MemorySegment.NULL;

final class ResolveService {

    private ResolveService() {
    }

    /* fprintf() is variadic: one invoker a shape of arguments, linked once */
    private static final fprintf FPRINTF = fprintf.makeInvoker(); /* fprintf(stream, fmt) */

    /* service, protocol: C strings. The result is C's unsigned short: the same 16 bits */
    static short ResolveService(MemorySegment service, MemorySegment protocol)
    {
        MemorySegment serv; /* what the services database knows of the name (C: struct servent *) */
        short port;         /* the port to return, in network byte order */

        if ((port = (short) atoi(service)) == 0) /* not a number (or 0): look it up as a name (the cast keeps the low 16 bits, as C's does) */
        {
            if ((serv = getservbyname(service, protocol)).equals(NULL)) /* no such service for this protocol */
            {
                FPRINTF.apply(stderr(), C("getservbyname() failed\n")); /* book bug fixed, as in C: a newline */
                exit(1);                                                 /* an unknown service ends the program */
            }
            else
                port = (short) servent.s_port(serv); /* s_port is in network byte order already (in an int's low 16 bits) */
        }
        else
            port = htons(port); /* a number: host to network byte order */

        return port;
    }
}
