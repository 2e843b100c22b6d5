/* UDPEchoClient.java: sends one word to a UDP echo server over IPv4 or IPv6 and prints the echo,
 * the Java twin of native/ed2/UDPEchoClient.c: the same calls, in the same order.
 * Run it as echo/bin/ed2/UDPEchoClient <Server Address/Name> <Echo Word> [<Server Port/Service>].
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.AddressUtility.SockAddrsEqual;       /* same family, address and port? */
import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithSystemMessage; /* msg: errno's text, then quit */
import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage;   /* msg: detail, then quit */
import static io.github.panamasockets.echo.ed2.Practical.MAXSTRINGLENGTH;           /* the longest word */

public final class UDPEchoClient {

    private UDPEchoClient() {
    }

    /* printf() is variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF_S = printf.makeInvoker(C_POINTER); /* printf(fmt, char *) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main ends in exit(), so never closed */

        if (argc < 3 || argc > 4) /* server and word are required, the service is optional */
            DieWithUserMessage(C("Parameter(s)"),
                               C("<Server Address/Name> <Echo Word> [<Server Port/Service>]"));

        MemorySegment server = argv[1];     /* first argument: the server's name or address */
        MemorySegment echoString = argv[2]; /* second argument: the word */

        long echoStringLen = strlen(echoString); /* how many bytes to send and expect back (C: size_t) */
        if (echoStringLen > MAXSTRINGLENGTH)     /* the reply buffer holds no more */
            DieWithUserMessage(echoString, C("string too long"));

        /* third argument, if given: the server's port or service name */
        MemorySegment servPort = (argc == 4) ? argv[3] : C("echo");

        /* Say which kinds of address are wanted */
        MemorySegment addrCriteria = addrinfo.allocate(stack); /* the hints for getaddrinfo() */
        memset(addrCriteria, 0, addrinfo.sizeof());             /* zero means "any" for every field not set */
        addrinfo.ai_family(addrCriteria, AF_UNSPEC());          /* IPv4 and IPv6 alike */
        addrinfo.ai_socktype(addrCriteria, SOCK_DGRAM());       /* only addresses for datagram sockets */
        addrinfo.ai_protocol(addrCriteria, IPPROTO_UDP());      /* only UDP */

        /* Look the server up */
        MemorySegment servAddrList = stack.allocate(C_POINTER); /* C's &servAddr: getaddrinfo() stores the list's head here */
        int rtnVal = getaddrinfo(server, servPort, addrCriteria, servAddrList);
        if (rtnVal != 0) /* getaddrinfo() reports through its result, not errno */
            DieWithUserMessage(C("getaddrinfo() failed"), gai_strerror(rtnVal));
        MemorySegment servAddr = servAddrList.get(C_POINTER, 0); /* C's servAddr: the first entry is used */

        /* A socket of the first address's family */
        int sock = socket(addrinfo.ai_family(servAddr), addrinfo.ai_socktype(servAddr),
                          addrinfo.ai_protocol(servAddr)); /* the client's datagram socket */
        if (sock < 0)
            DieWithSystemMessage(C("socket() failed")); /* no descriptor was handed out */

        /* Send the word as one datagram */
        long numBytes = sendto(sock, echoString, echoStringLen, 0,
                               addrinfo.ai_addr(servAddr), addrinfo.ai_addrlen(servAddr)); /* C: ssize_t */
        if (numBytes < 0)
            DieWithSystemMessage(C("sendto() failed")); /* nothing was sent */
        else if (numBytes != echoStringLen)
            DieWithUserMessage(C("sendto() error"), C("sent unexpected number of bytes"));

        /* Wait for the echo */
        MemorySegment fromAddr = sockaddr_storage.allocate(stack);   /* where the reply came from; room for any family */
        MemorySegment fromAddrLen = stack.allocate(socklen_t);       /* in: room in fromAddr; out: size used */
        fromAddrLen.set(socklen_t, 0, (int) sockaddr_storage.sizeof());
        MemorySegment buffer = stack.allocate(MAXSTRINGLENGTH + 1);  /* the echo plus a terminating NUL */
        numBytes = recvfrom(sock, buffer, MAXSTRINGLENGTH, 0,
                            fromAddr, fromAddrLen);
        if (numBytes < 0)
            DieWithSystemMessage(C("recvfrom() failed")); /* nothing was received */
        else if (numBytes != echoStringLen)
            DieWithUserMessage(C("recvfrom() error"), C("received unexpected number of bytes"));

        /* Anyone may send to this socket: accept only the server's answer */
        if (!SockAddrsEqual(addrinfo.ai_addr(servAddr), fromAddr))
            DieWithUserMessage(C("recvfrom()"), C("received a packet from unknown source"));

        freeaddrinfo(servAddr); /* give back the list getaddrinfo() allocated */

        buffer.set(C_CHAR, echoStringLen, (byte) '\0');       /* make the echo a C string */
        PRINTF_S.apply(C("Received: %s\n"), buffer);           /* as an argument, never as the format */

        close(sock); /* done with the socket */
        exit(0);
    }
}
