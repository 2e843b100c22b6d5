/* VoteClientTCP.java: casts one vote (or asks for the count) for a candidate and prints the
 * server's response, over a stdio stream on the socket,
 * the Java twin of native/ed2/VoteClientTCP.c: the same calls, in the same order.
 * Its VoteEncoding and Framer are those its build put beside it, as the C build links them
 * (echo/pom.xml): echo/bin/ed2/VoteClientTCP text and newlines, VoteClientTCP-bin binary and lengths.
 * Run it as echo/bin/ed2/VoteClientTCP[-bin] <Server> <Port/Service> <Candidate> [I].
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.github.panamasockets.echo.ed2.VoteProtocol.VoteInfo;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithSystemMessage;   /* report errno's reason, then quit */
import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage;     /* report msg: detail, then quit */
import static io.github.panamasockets.echo.ed2.Framer.GetNextMsg;                     /* the framing linked in */
import static io.github.panamasockets.echo.ed2.Framer.PutMsg;
import static io.github.panamasockets.echo.ed2.TCPClientUtility.SetupTCPClientSocket; /* a connected socket, any family */
import static io.github.panamasockets.echo.ed2.VoteEncoding.Decode;                   /* the encoding linked in */
import static io.github.panamasockets.echo.ed2.VoteEncoding.Encode;
import static io.github.panamasockets.echo.ed2.VoteProtocol.MAX_CANDIDATE;
import static io.github.panamasockets.echo.ed2.VoteProtocol.MAX_WIRE_SIZE;
import static java.lang.foreign.MemorySegment.NULL;

public final class VoteClientTCP {

    private VoteClientTCP() {
    }

    /* printf() is variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF = printf.makeInvoker();                                   /* printf(fmt) */
    private static final printf PRINTF_D = printf.makeInvoker(C_INT);                            /* printf(fmt, int) */
    private static final printf PRINTF_ZSD = printf.makeInvoker(C_LONG, C_POINTER, C_INT);      /* printf(fmt, size_t, char *, int) */
    private static final printf PRINTF_LLU = printf.makeInvoker(C_LONG_LONG);                    /* printf(fmt, unsigned long long) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        if (argc < 4 || argc > 5) /* server, port and candidate are required; I is optional */
            DieWithUserMessage(C("Parameter(s)"), C("<Server> <Port/Service> <Candidate> [I]"));

        MemorySegment server = argv[1];  /* first argument: the server's address or host name */
        MemorySegment service = argv[2]; /* second argument: its port or service name */
        int candi = atoi(argv[3]);       /* third argument: the candidate (not a number reads as 0) */
        if (candi < 0 || candi > MAX_CANDIDATE)
            DieWithUserMessage(C("Candidate # not valid"), argv[3]); /* the protocol's range */

        boolean inq = argc > 4 && strcmp(argv[4], C("I")) == 0; /* I: an inquiry; anything else: a vote */


        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main ends in exit(), so never closed */

        /* A TCP socket connected to the server, over whichever family reached it */
        int sock = SetupTCPClientSocket(server, service);
        if (sock < 0)
            DieWithUserMessage(C("SetupTCPClientSocket() failed"), C("unable to connect")); /* no address connected */

        MemorySegment str = fdopen(sock, C("r+")); /* one stdio stream to read and write the socket */
        if (str.equals(NULL))
            DieWithSystemMessage(C("fdopen() failed"));

        /* The request: a vote or an inquiry for the candidate, no count */
        MemorySegment vi = VoteInfo.allocate(stack);
        memset(vi, 0, VoteInfo.sizeof());

        VoteInfo.isInquiry(vi, inq);
        VoteInfo.candidate(vi, candi);

        /* Encode it for the wire */
        MemorySegment outbuf = stack.allocate(MAX_WIRE_SIZE);
        long reqSize = Encode(vi, outbuf, MAX_WIRE_SIZE); /* C: size_t */

        /* Say what goes out (book: %d for a size_t; %zu is its conversion) */
        PRINTF_ZSD.apply(C("Sending %zu-byte %s for candidate %d...\n"), reqSize,
                         (inq ? C("inquiry") : C("vote")), candi);

        /* Frame it and send it */
        if (PutMsg(outbuf, reqSize, str) < 0)
            DieWithSystemMessage(C("PutMsg() failed"));

        /* The response */
        MemorySegment inbuf = stack.allocate(MAX_WIRE_SIZE);
        /* Book bug fixed, as in the C file: the result kept as an int and checked */
        int respSize = GetNextMsg(str, inbuf, MAX_WIRE_SIZE);
        if (respSize < 0)
            DieWithUserMessage(C("GetNextMsg()"), C("no response, or one too long"));
        if (Decode(inbuf, respSize, vi)) /* parse it, and print what it says */
        {
            PRINTF.apply(C("Received:\n"));
            if (VoteInfo.isResponse(vi))
                PRINTF.apply(C("  Response to "));
            if (VoteInfo.isInquiry(vi))
                PRINTF.apply(C("inquiry "));
            else
                PRINTF.apply(C("vote "));
            PRINTF_D.apply(C("for candidate %d\n"), VoteInfo.candidate(vi));
            if (VoteInfo.isResponse(vi))
                PRINTF_LLU.apply(C("  count = %llu\n"), VoteInfo.count(vi)); /* the 64 bits, printed unsigned by libc */
        }
        else /* Book bug fixed, as in the C file: it ended with status 0 and said nothing */
            DieWithUserMessage(C("Decode()"), C("response not understood"));

        fclose(str); /* flushes and closes the socket */

        exit(0);
    }
}
