/* GetAddrInfo.java: prints every address getaddrinfo() gives for a host and service, one a line,
 * the Java twin of native/ed2/GetAddrInfo.c: the same calls, in the same order.
 * Run it as echo/bin/ed2/GetAddrInfo <Address/Name> <Port/Service>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.AddressUtility.PrintSocketAddress; /* address-port to a FILE * */
import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage; /* msg: detail, then quit */
import static java.lang.foreign.MemorySegment.NULL;

public final class GetAddrInfo {

    private GetAddrInfo() {
    }

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main ends in exit(), so never closed */

        if (argc != 3) /* exactly two arguments: what to look up and for which service */
            DieWithUserMessage(C("Parameter(s)"), C("<Address/Name> <Port/Service>"));

        MemorySegment addrString = argv[1]; /* first argument: a host name or a numeric address */
        MemorySegment portString = argv[2]; /* second argument: a service name or a port number */

        /* Say which kinds of address are wanted */
        MemorySegment addrCriteria = addrinfo.allocate(stack);  /* the hints for getaddrinfo() */
        memset(addrCriteria, 0, addrinfo.sizeof());              /* zero means "any" for every field not set */
        addrinfo.ai_family(addrCriteria, AF_UNSPEC());           /* IPv4 and IPv6 alike */
        addrinfo.ai_socktype(addrCriteria, SOCK_STREAM());       /* only addresses for stream sockets */
        addrinfo.ai_protocol(addrCriteria, IPPROTO_TCP());       /* only TCP */

        /* Look the name and the service up */
        MemorySegment addrList = stack.allocate(C_POINTER); /* C's struct addrinfo *addrList: the list getaddrinfo() allocates */
        int rtnVal = getaddrinfo(addrString, portString, addrCriteria, addrList);
        if (rtnVal != 0) /* getaddrinfo() reports through its result, not errno */
            DieWithUserMessage(C("getaddrinfo() failed"), gai_strerror(rtnVal));

        /* Print each address found, one a line */
        for (MemorySegment addr = addrList.get(C_POINTER, 0); !addr.equals(NULL); addr = addrinfo.ai_next(addr))
        {
            PrintSocketAddress(addrinfo.ai_addr(addr), stdout()); /* address-port */
            fputc('\n', stdout());                                /* end the line */
        }

        freeaddrinfo(addrList.get(C_POINTER, 0)); /* give back the list getaddrinfo() allocated */

        exit(0);
    }
}
