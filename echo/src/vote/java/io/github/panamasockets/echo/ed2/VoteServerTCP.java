/* VoteServerTCP.java: counts the votes of its clients, one client at a time, each over a stdio
 * stream on its socket, answering every vote and inquiry with the candidate's count,
 * the Java twin of native/ed2/VoteServerTCP.c: the same calls, in the same order.
 * Its VoteEncoding and Framer are those its build put beside it, as the C build links them
 * (echo/pom.xml): echo/bin/ed2/VoteServerTCP text and newlines, VoteServerTCP-bin binary and lengths.
 * Run it as echo/bin/ed2/VoteServerTCP[-bin] <Server Port/Service>.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.github.panamasockets.echo.ed2.VoteProtocol.VoteInfo;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithSystemMessage;     /* report errno's reason, then quit */
import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage;       /* report msg: detail, then quit */
import static io.github.panamasockets.echo.ed2.Framer.GetNextMsg;                       /* the framing linked in */
import static io.github.panamasockets.echo.ed2.Framer.PutMsg;
import static io.github.panamasockets.echo.ed2.TCPServerUtility.AcceptTCPConnection;    /* the next client, printed */
import static io.github.panamasockets.echo.ed2.TCPServerUtility.SetupTCPServerSocket;   /* a listening socket, any family */
import static io.github.panamasockets.echo.ed2.VoteEncoding.Decode;                     /* the encoding linked in */
import static io.github.panamasockets.echo.ed2.VoteEncoding.Encode;
import static io.github.panamasockets.echo.ed2.VoteProtocol.MAX_CANDIDATE;
import static io.github.panamasockets.echo.ed2.VoteProtocol.MAX_WIRE_SIZE;
import static java.lang.foreign.MemorySegment.NULL;

public final class VoteServerTCP {

    private VoteServerTCP() {
    }

    private static final long[] counts = new long[MAX_CANDIDATE + 1]; /* each candidate's votes, zero at start (C: uint64_t) */

    /* printf() is variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF_D = printf.makeInvoker(C_INT);                            /* printf(fmt, int) */
    private static final printf PRINTF_SDLLU = printf.makeInvoker(C_POINTER, C_INT, C_LONG_LONG); /* printf(fmt, char *, int, unsigned long long) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        if (argc != 2) /* exactly one argument: the port or service */
            DieWithUserMessage(C("Parameter(s)"), C("<Server Port/Service>"));


        /* A socket listening for clients, of whichever family bound first */
        int servSock = SetupTCPServerSocket(argv[1]);
        if (servSock < 0) /* Book bug fixed, as in the C file: unchecked */
            DieWithUserMessage(C("SetupTCPServerSocket() failed"), argv[1]);

        for (;;) /* serve clients one after another, never stopping */
        {
            try (Arena block = Arena.ofConfined()) /* the loop body's block, where C's buffers live */
            {
                /* Block until a client connects, and say who it is */
                int clntSock = AcceptTCPConnection(servSock);

                MemorySegment channel = fdopen(clntSock, C("r+")); /* one stdio stream to read and write it */
                if (channel.equals(NULL))
                    DieWithSystemMessage(C("fdopen() failed"));

                /* Answer messages until the client closes (or sends one that does not fit) */
                int mSize;
                MemorySegment inBuf = block.allocate(MAX_WIRE_SIZE);
                MemorySegment v = VoteInfo.allocate(block);
                MemorySegment outBuf = block.allocate(MAX_WIRE_SIZE); /* C: declared in the while loop's block; one is enough */
                while ((mSize = GetNextMsg(channel, inBuf, MAX_WIRE_SIZE)) > 0)
                {
                    memset(v, 0, VoteInfo.sizeof()); /* nothing left from the last message */
                    PRINTF_D.apply(C("Received message (%d bytes)\n"), mSize);
                    if (Decode(inBuf, mSize, v))
                    {
                        if (!VoteInfo.isResponse(v)) /* a response is sent back as it came */
                        {
                            VoteInfo.isResponse(v, true);
                            if (VoteInfo.candidate(v) >= 0 && VoteInfo.candidate(v) <= MAX_CANDIDATE)
                            {
                                if (!VoteInfo.isInquiry(v))
                                    counts[VoteInfo.candidate(v)] += 1; /* a vote counts */
                                VoteInfo.count(v, counts[VoteInfo.candidate(v)]);
                            } /* a candidate out of range gets a count of 0 */
                        }
                        mSize = (int) Encode(v, outBuf, MAX_WIRE_SIZE);
                        if (PutMsg(outBuf, mSize, channel) < 0)
                        {
                            fputs(C("Error framing/outputting message\n"), stderr());
                            break; /* give up on this client */
                        }
                        else
                        {
                            PRINTF_SDLLU.apply(C("Processed %s for candidate %d; current count is %llu.\n"),
                                               (VoteInfo.isInquiry(v) ? C("inquiry") : C("vote")), VoteInfo.candidate(v),
                                               VoteInfo.count(v)); /* the 64 bits, printed unsigned by libc */
                        }
                        fflush(channel); /* as the book: PutMsg() flushed already */
                    }
                    else
                    {
                        fputs(C("Parse error, closing connection.\n"), stderr());
                        break; /* give up on this client */
                    }
                }
                puts(C("Client finished"));
                fclose(channel); /* closes clntSock too */
            }
        }
        /* never gets here */
    }
}
