/* UDPEchoServer.java: returns every datagram to its sender, on the first address getaddrinfo()
 * gives for a passive socket, the Java twin of native/ed2/UDPEchoServer.c: the same calls, in
 * the same order. Run it as echo/bin/ed2/UDPEchoServer <Server Port/Service>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.AddressUtility.PrintSocketAddress;   /* address-port to a FILE * */
import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithSystemMessage; /* msg: errno's text, then quit */
import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage;   /* msg: detail, then quit */
import static io.github.panamasockets.echo.ed2.Practical.MAXSTRINGLENGTH;           /* the largest datagram kept */
import static java.lang.foreign.MemorySegment.NULL;

public final class UDPEchoServer {

    private UDPEchoServer() {
    }

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main never returns, so never closed */

        if (argc != 2) /* exactly one argument: the port */
            DieWithUserMessage(C("Parameter(s)"), C("<Server Port/Service>"));

        MemorySegment service = argv[1]; /* the only argument: the local port or service name */

        /* Say which kind of local address is wanted */
        MemorySegment addrCriteria = addrinfo.allocate(stack); /* the hints for getaddrinfo() */
        memset(addrCriteria, 0, addrinfo.sizeof());             /* zero means "any" for every field not set */
        addrinfo.ai_family(addrCriteria, AF_UNSPEC());          /* IPv4 or IPv6, whichever comes first */
        addrinfo.ai_flags(addrCriteria, AI_PASSIVE());          /* a wildcard address, to receive on every interface */
        addrinfo.ai_socktype(addrCriteria, SOCK_DGRAM());       /* only addresses for datagram sockets */
        addrinfo.ai_protocol(addrCriteria, IPPROTO_UDP());      /* only UDP */

        /* Look the service up (no host: the wildcard address) */
        MemorySegment servAddrList = stack.allocate(C_POINTER); /* C's &servAddr: getaddrinfo() stores the list's head here */
        int rtnVal = getaddrinfo(NULL, service, addrCriteria, servAddrList);
        if (rtnVal != 0) /* getaddrinfo() reports through its result, not errno */
            DieWithUserMessage(C("getaddrinfo() failed"), gai_strerror(rtnVal));
        MemorySegment servAddr = servAddrList.get(C_POINTER, 0); /* C's servAddr: the first entry is used */

        /* A socket of the first address's family */
        int sock = socket(addrinfo.ai_family(servAddr), addrinfo.ai_socktype(servAddr),
                          addrinfo.ai_protocol(servAddr)); /* the server's datagram socket */
        if (sock < 0)
            DieWithSystemMessage(C("socket() failed")); /* no descriptor was handed out */

        /* Claim the port */
        if (bind(sock, addrinfo.ai_addr(servAddr), addrinfo.ai_addrlen(servAddr)) < 0)
            DieWithSystemMessage(C("bind() failed")); /* e.g. the port is already taken */

        freeaddrinfo(servAddr); /* give back the list getaddrinfo() allocated */

        /* The loop body's variables: C reuses the same stack slots each time round, so they are
         * allocated once, here, and not once a datagram */
        MemorySegment clntAddr = sockaddr_storage.allocate(stack); /* the sender's address; room for any family */
        MemorySegment clntAddrLen = stack.allocate(socklen_t);     /* in: room in clntAddr; out: size used */
        MemorySegment buffer = stack.allocate(MAXSTRINGLENGTH);    /* one datagram; a longer one is cut to this size */

        for (;;) /* serve datagrams one after another, never stopping */
        {
            clntAddrLen.set(socklen_t, 0, (int) sockaddr_storage.sizeof());

            /* Block until a datagram arrives */
            long numBytesRcvd = recvfrom(sock, buffer, MAXSTRINGLENGTH, 0,
                                         clntAddr, clntAddrLen); /* C: ssize_t */
            if (numBytesRcvd < 0)
                DieWithSystemMessage(C("recvfrom() failed")); /* nothing was received */

            fputs(C("Handling client "), stdout()); /* label */
            PrintSocketAddress(clntAddr, stdout()); /* address-port of the sender */
            fputc('\n', stdout());                  /* end the line */

            /* Send the datagram back to where it came from (book bug fixed, as in C: the length
             * recvfrom() wrote, not sizeof(clntAddr)) */
            long numBytesSent = sendto(sock, buffer, numBytesRcvd, 0,
                                       clntAddr, clntAddrLen.get(socklen_t, 0));
            if (numBytesSent < 0)
                DieWithSystemMessage(C("sendto() failed")); /* book typo fixed, as in C */
            else if (numBytesSent != numBytesRcvd)
                DieWithUserMessage(C("sendto()"), C("sent unexpected number of bytes"));
        }
        /* never gets here */
    }
}
