/* EpollEchoServer.java: a TCP echo server for many clients at once in one thread, one epoll
 * instance over non-blocking sockets; the Java twin of native/EpollEchoServer.c (not in the book).
 * Run it as echo/bin/EpollEchoServer <Server Port>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */
import static io.github.panamasockets.echo.DieWithError.DieWithError; /* report errno's reason, then quit */
import static java.lang.foreign.MemorySegment.NULL;

public final class EpollEchoServer {

    private EpollEchoServer() {
    }

    /* 1024, not the book's 5: a thousand clients may connect at once, and a full queue drops their
     * SYNs, each then retried a second later (seen at 128 in the benchmark: 1-3 s to connect 1,000) */
    static final int MAXPENDING = 1024;
    static final int BUFSIZE = 4096;    /* bytes taken from a socket per recv() */
    static final int MAXEVENTS = 1024;  /* ready descriptors taken per epoll_wait() */
    static final int MAXFDS = 65536;    /* descriptors the per-client tables below have room for */

    /* What a client's last send() left unsent, by descriptor: NULL while all went out */
    private static final MemorySegment[] pendingBuf = new MemorySegment[MAXFDS]; /* the bytes still to send (malloc()ed) */
    private static final int[] pendingOff = new int[MAXFDS];                     /* how many of them went out since */
    private static final int[] pendingLen = new int[MAXFDS];                     /* how many there are */

    static {
        Arrays.fill(pendingBuf, NULL); /* C's static pointers start NULL; Java's references start null */
    }

    /* Level-triggered, not edge-triggered: epoll reports a socket for as long as it is ready, so one
     * recv() a wakeup does; edge-triggered would cost a recv() more each time, the one that says EAGAIN. */

    /* Deviation from the C file: C's ev is on Watch's stack; here it is allocated once, so that
     * changing a client's events allocates nothing. One thread calls Watch: one struct is enough. */
    private static final MemorySegment ev = epoll_event.allocate(Arena.global()); /* what to wait for, and the descriptor to hand back */

    /* Sets what epoll reports for a client: EPOLLIN to read, or EPOLLOUT alone to finish a send */
    private static void Watch(int epfd, int op, int sock, int events)
    {
        memset(ev, 0, epoll_event.sizeof()); /* the whole epoll_data union, not only its fd */
        epoll_event.events(ev, events);
        epoll_data.fd(epoll_event.data(ev), sock);
        if (epoll_ctl(epfd, op, sock, ev) < 0)
            DieWithError("epoll_ctl() failed");
    }

    /* A client left (or failed): drop what it had pending; close() also takes it out of epoll */
    private static void CloseClient(int sock)
    {
        free(pendingBuf[sock]); /* free(NULL) does nothing */
        pendingBuf[sock] = NULL;
        close(sock);
    }

    /* A peer that reset or went away ends its own connection; any other error is reported too */
    private static void ClientFailed(int sock, String what)
    {
        if (errno() != ECONNRESET() && errno() != EPIPE())
            perror(C(what));
        CloseClient(sock);
    }

    /* printf() and fprintf() are variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF_S = printf.makeInvoker(C_POINTER);    /* printf(fmt, char *) */
    private static final fprintf FPRINTF_S = fprintf.makeInvoker(C_POINTER); /* fprintf(stream, fmt, char *) */
    private static final fprintf FPRINTF_D = fprintf.makeInvoker(C_INT);     /* fprintf(stream, fmt, int) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main never returns, so never closed */
        int servSock;                                                   /* the listening socket */
        int clntSock;                                                   /* a client's socket */
        int epfd;                                                       /* the epoll instance */
        MemorySegment echoServAddr = sockaddr_in.allocate(stack);       /* our own address */
        MemorySegment echoClntAddr = sockaddr_in.allocate(stack);       /* a connecting client's address */
        short echoServPort;                                             /* port to listen on (C: unsigned short; same 16 bits) */
        MemorySegment clntLen = stack.allocate(socklen_t);              /* room for, then size of, the client's address */
        MemorySegment events = epoll_event.allocateArray(MAXEVENTS, stack); /* the ready descriptors of one epoll_wait() */
        MemorySegment echoBuffer = stack.allocate(BUFSIZE);             /* one chunk on its way back (one thread: one buffer) */
        int nReady;                                                     /* how many events epoll_wait() returned */
        int i;                                                          /* index over them */
        int recvMsgSize;                                                /* bytes the last recv() delivered */
        int sent;                                                       /* bytes the last send() took */

        if (argc != 2) /* exactly one argument: the port */
        {
            FPRINTF_S.apply(stderr(), C("Usage:  %s <Server Port>\n"), argv[0]);
            exit(1);
        }

        echoServPort = (short) atoi(argv[1]); /* the only argument is the port (the cast keeps the low 16 bits, as C's does) */

        /* A non-blocking listening socket: a client gone between epoll_wait() and accept4() costs EAGAIN, not a hang */
        if ((servSock = socket(PF_INET(), SOCK_STREAM() | SOCK_NONBLOCK(), IPPROTO_TCP())) < 0)
            DieWithError("socket() failed");

        /* Fill in the local address */
        memset(echoServAddr, 0, sockaddr_in.sizeof());                         /* clear padding and unused fields */
        sockaddr_in.sin_family(echoServAddr, (short) AF_INET());                /* an IPv4 address */
        in_addr.s_addr(sockaddr_in.sin_addr(echoServAddr), htonl(INADDR_ANY())); /* accept on all local interfaces */
        sockaddr_in.sin_port(echoServAddr, htons(echoServPort));                /* port in network byte order */

        /* Claim the port */
        if (bind(servSock, echoServAddr, (int) sockaddr_in.sizeof()) < 0)
            DieWithError("bind() failed"); /* e.g. the port is already taken */

        /* Let clients queue up on the socket */
        if (listen(servSock, MAXPENDING) < 0)
            DieWithError("listen() failed");

        /* One epoll instance watches the listening socket and every client */
        if ((epfd = epoll_create1(0)) < 0)
            DieWithError("epoll_create1() failed");
        Watch(epfd, EPOLL_CTL_ADD(), servSock, EPOLLIN());

        for (;;) /* serve clients as they become ready, never stopping */
        {
            /* Sleep until some descriptor is ready, for as long as it takes */
            if ((nReady = epoll_wait(epfd, events, MAXEVENTS, -1)) < 0)
            {
                if (errno() == EINTR()) /* a stop and continue (or a JVM's signal) interrupts the wait: wait again */
                    continue;
                DieWithError("epoll_wait() failed");
            }

            for (i = 0; i < nReady; i++)
            {
                MemorySegment event = epoll_event.asSlice(events, i); /* C: events[i] */
                if (epoll_data.fd(epoll_event.data(event)) == servSock) /* a client is waiting to be accepted */
                {
                    /* accept4() reads this as the room available and writes back the size used */
                    clntLen.set(socklen_t, 0, (int) sockaddr_in.sizeof());

                    /* Level-triggered: one accept a wakeup; a client still queued wakes the next epoll_wait() */
                    if ((clntSock = accept4(servSock, echoClntAddr, clntLen,
                                            SOCK_NONBLOCK())) < 0)
                    {
                        if (errno() == EAGAIN() || errno() == ECONNABORTED() || errno() == EINTR())
                            continue; /* the client went away before we took it */
                        DieWithError("accept() failed"); /* e.g. EMFILE: out of descriptors */
                    }
                    if (clntSock >= MAXFDS) /* past the tables' room: refuse it rather than write outside them */
                    {
                        FPRINTF_D.apply(stderr(), C("accept() gave a descriptor past %d\n"), MAXFDS);
                        close(clntSock);
                        continue;
                    }

                    PRINTF_S.apply(C("Handling client %s\n"), inet_ntoa(sockaddr_in.sin_addr(echoClntAddr))); /* dotted-quad peer address */

                    Watch(epfd, EPOLL_CTL_ADD(), clntSock, EPOLLIN()); /* its data, its close, its errors */
                }
                else if ((epoll_event.events(event) & EPOLLOUT()) != 0) /* room again for what a send() left (or an error) */
                {
                    clntSock = epoll_data.fd(epoll_event.data(event));
                    if ((sent = (int) send(clntSock, pendingBuf[clntSock].asSlice(pendingOff[clntSock]),
                                           pendingLen[clntSock] - pendingOff[clntSock], MSG_NOSIGNAL())) < 0)
                    {
                        if (errno() != EAGAIN())
                            ClientFailed(clntSock, "send() failed");
                        continue;
                    }
                    if ((pendingOff[clntSock] += sent) == pendingLen[clntSock]) /* all out: read again */
                    {
                        free(pendingBuf[clntSock]);
                        pendingBuf[clntSock] = NULL;
                        Watch(epfd, EPOLL_CTL_MOD(), clntSock, EPOLLIN());
                    }
                }
                else /* data, the client's close, or an error to read */
                {
                    clntSock = epoll_data.fd(epoll_event.data(event));
                    if ((recvMsgSize = (int) recv(clntSock, echoBuffer, BUFSIZE, 0)) < 0)
                    {
                        if (errno() != EAGAIN())
                            ClientFailed(clntSock, "recv() failed");
                        continue;
                    }
                    if (recvMsgSize == 0) /* zero means the client closed its side */
                    {
                        CloseClient(clntSock);
                        continue;
                    }

                    /* Return exactly the bytes that came in; MSG_NOSIGNAL: a gone peer is EPIPE, not SIGPIPE */
                    if ((sent = (int) send(clntSock, echoBuffer, recvMsgSize, MSG_NOSIGNAL())) < 0)
                    {
                        if (errno() != EAGAIN())
                        {
                            ClientFailed(clntSock, "send() failed");
                            continue;
                        }
                        sent = 0; /* the socket's buffer is full: all of it waits */
                    }
                    if (sent < recvMsgSize) /* keep the rest, read nothing more until it has gone out */
                    {
                        if ((pendingBuf[clntSock] = malloc(recvMsgSize - sent)).equals(NULL))
                            DieWithError("malloc() failed");
                        pendingBuf[clntSock] = pendingBuf[clntSock].reinterpret(recvMsgSize - sent); /* a pointer from C has no size: give it the copy's */
                        memcpy(pendingBuf[clntSock], echoBuffer.asSlice(sent), recvMsgSize - sent);
                        pendingOff[clntSock] = 0;
                        pendingLen[clntSock] = recvMsgSize - sent;
                        Watch(epfd, EPOLL_CTL_MOD(), clntSock, EPOLLOUT());
                    }
                }
            }
        }
        /* never gets here */
    }
}
