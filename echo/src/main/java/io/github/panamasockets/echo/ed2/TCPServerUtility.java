/* TCPServerUtility.java: the TCP echo server's steps, for any address family: a listening
 * socket for a service, the next client, and its echo,
 * the Java twin of native/ed2/TCPServerUtility.c: the same calls, in the same order.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.AddressUtility.PrintSocketAddress;    /* address-port to a stream */
import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithSystemMessage; /* report errno's reason, then quit */
import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage;   /* report msg: detail, then quit */
import static io.github.panamasockets.echo.ed2.Practical.BUFSIZE;
import static java.lang.foreign.MemorySegment.NULL;

final class TCPServerUtility {

    private TCPServerUtility() {
    }

    static final int MAXPENDING = 5; /* queue length for connections not yet accepted */

    /* service: a C string (argv[1]) */
    static int SetupTCPServerSocket(MemorySegment service)
    {
        try (Arena stack = Arena.ofConfined()) /* this call's stack frame */
        {
            /* Say which kinds of local address are wanted */
            MemorySegment addrCriteria = addrinfo.allocate(stack); /* what the addresses must be */
            memset(addrCriteria, 0, addrinfo.sizeof());            /* no other flag, no other constraint */
            addrinfo.ai_family(addrCriteria, AF_UNSPEC());         /* IPv4 or IPv6 */
            addrinfo.ai_flags(addrCriteria, AI_PASSIVE());         /* with no host: the wildcard addresses, to bind */
            addrinfo.ai_socktype(addrCriteria, SOCK_STREAM());     /* stream sockets only */
            addrinfo.ai_protocol(addrCriteria, IPPROTO_TCP());     /* speaking TCP */

            MemorySegment servAddr = stack.allocate(C_POINTER); /* &servAddr: where getaddrinfo() puts its list */
            int rtnVal = getaddrinfo(NULL, service, addrCriteria, servAddr);
            if (rtnVal != 0)
                DieWithUserMessage(C("getaddrinfo() failed"), gai_strerror(rtnVal)); /* getaddrinfo() sets no errno */

            int servSock = -1; /* stays -1 unless some address binds and listens */
            for (MemorySegment addr = servAddr.get(C_POINTER, 0); !addr.equals(NULL); addr = addrinfo.ai_next(addr))
            {
                /* A stream socket of this address's family */
                servSock = socket(addrinfo.ai_family(addr), addrinfo.ai_socktype(addr),
                                  addrinfo.ai_protocol(addr));
                if (servSock < 0)
                    continue; /* e.g. no IPv6 here: try the next address */

                /* Claim the address, then let clients queue up on it */
                if ((bind(servSock, addrinfo.ai_addr(addr), addrinfo.ai_addrlen(addr)) == 0) &&
                    (listen(servSock, MAXPENDING) == 0))
                {
                    /* Say where the server listens, as the system filled it in */
                    MemorySegment localAddr = sockaddr_storage.allocate(stack); /* room for an address of any family */
                    MemorySegment addrSize = stack.allocate(socklen_t);        /* in: the room; out: the size used */
                    addrSize.set(socklen_t, 0, (int) sockaddr_storage.sizeof());
                    if (getsockname(servSock, localAddr, addrSize) < 0)
                        DieWithSystemMessage(C("getsockname() failed")); /* the socket has no local address */
                    fputs(C("Binding to "), stdout());      /* label in front of the address */
                    PrintSocketAddress(localAddr, stdout()); /* address-port */
                    fputc('\n', stdout());                   /* end the line */
                    break; /* bound and listening: this is the socket to return */
                }

                close(servSock); /* e.g. the port is taken: give the descriptor back */
                servSock = -1;   /* and try the next address */
            }

            freeaddrinfo(servAddr.get(C_POINTER, 0)); /* the list is not needed any more */

            return servSock; /* listening, or -1: the caller reports it */
        }
    }

    static int AcceptTCPConnection(int servSock)
    {
        try (Arena stack = Arena.ofConfined()) /* this call's stack frame */
        {
            MemorySegment clntAddr = sockaddr_storage.allocate(stack); /* room for a client address of any family */
            MemorySegment clntAddrLen = stack.allocate(socklen_t);     /* in: the room; out: the size used */
            clntAddrLen.set(socklen_t, 0, (int) sockaddr_storage.sizeof());

            /* Block until a client connects */
            int clntSock = accept(servSock, clntAddr, clntAddrLen);
            if (clntSock < 0)
                DieWithSystemMessage(C("accept() failed")); /* no connection was handed over */

            /* clntSock now talks to the client */

            fputs(C("Handling client "), stdout());  /* label in front of the peer */
            PrintSocketAddress(clntAddr, stdout()); /* address-port of the client */
            fputc('\n', stdout());                  /* end the line */

            return clntSock; /* the caller serves it */
        }
    }

    static void HandleTCPClient(int clntSocket)
    {
        try (Arena stack = Arena.ofConfined()) /* this call's stack frame */
        {
            MemorySegment buffer = stack.allocate(BUFSIZE); /* holds one chunk on its way back */

            /* Take the first chunk from the client */
            long numBytesRcvd = recv(clntSocket, buffer, BUFSIZE, 0);
            if (numBytesRcvd < 0)
                DieWithSystemMessage(C("recv() failed")); /* a negative count means an error */

            while (numBytesRcvd > 0) /* zero means the client closed its side */
            {
                /* Return exactly the bytes that came in */
                long numBytesSent = send(clntSocket, buffer, numBytesRcvd, 0);
                if (numBytesSent < 0)
                    DieWithSystemMessage(C("send() failed")); /* errno says why */
                else if (numBytesSent != numBytesRcvd)
                    DieWithUserMessage(C("send()"), C("sent unexpected number of bytes")); /* a short send: no errno */

                /* Take the next chunk, if there is one */
                numBytesRcvd = recv(clntSocket, buffer, BUFSIZE, 0);
                if (numBytesRcvd < 0)
                    DieWithSystemMessage(C("recv() failed")); /* same check as above */
            }

            close(clntSocket); /* done with this client: release its socket */
        }
    }
}
