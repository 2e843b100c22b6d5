/* VoteServerTCP.c: counts the votes of its clients, one client at a time, each over a stdio
 * stream on its socket, answering every vote and inquiry with the candidate's count; the
 * encoding and the framing are those linked in (see the Makefile: VoteServerTCP text,
 * VoteServerTCP-bin binary),
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>           /* fdopen(), printf(), puts(), fputs(), fflush() and fclose() */
#include <string.h>          /* memset() */
#include "Practical.h"       /* SetupTCPServerSocket(), AcceptTCPConnection(), DieWith...Message() */
#include "VoteProtocol.h"    /* VoteInfo, MAX_CANDIDATE and MAX_WIRE_SIZE */
#include "VoteEncoding.h"    /* Encode() and Decode() */
#include "Framer.h"          /* GetNextMsg() and PutMsg() */

static uint64_t counts[MAX_CANDIDATE + 1]; /* each candidate's votes, zero at start */

int main(int argc, char *argv[])
{
    if (argc != 2) /* exactly one argument: the port or service */
        DieWithUserMessage("Parameter(s)", "<Server Port/Service>");

    /* A socket listening for clients, of whichever family bound first */
    int servSock = SetupTCPServerSocket(argv[1]);
    if (servSock < 0) /* Book bug fixed: unchecked, so accept() failed on -1 */
        DieWithUserMessage("SetupTCPServerSocket() failed", argv[1]);

    for (;;) /* serve clients one after another, never stopping */
    {
        /* Block until a client connects, and say who it is */
        int clntSock = AcceptTCPConnection(servSock);

        FILE *channel = fdopen(clntSock, "r+"); /* one stdio stream to read and write it */
        if (channel == NULL)
            DieWithSystemMessage("fdopen() failed");

        /* Answer messages until the client closes (or sends one that does not fit) */
        int mSize;
        uint8_t inBuf[MAX_WIRE_SIZE];
        VoteInfo v;
        while ((mSize = GetNextMsg(channel, inBuf, MAX_WIRE_SIZE)) > 0)
        {
            memset(&v, 0, sizeof(v)); /* nothing left from the last message */
            printf("Received message (%d bytes)\n", mSize);
            if (Decode(inBuf, mSize, &v))
            {
                if (!v.isResponse) /* a response is sent back as it came */
                {
                    v.isResponse = true;
                    if (v.candidate >= 0 && v.candidate <= MAX_CANDIDATE)
                    {
                        if (!v.isInquiry)
                            counts[v.candidate] += 1; /* a vote counts */
                        v.count = counts[v.candidate];
                    } /* a candidate out of range gets a count of 0 */
                }
                uint8_t outBuf[MAX_WIRE_SIZE];
                mSize = Encode(&v, outBuf, MAX_WIRE_SIZE);
                if (PutMsg(outBuf, mSize, channel) < 0)
                {
                    fputs("Error framing/outputting message\n", stderr);
                    break; /* give up on this client */
                }
                else
                {
                    printf("Processed %s for candidate %d; current count is %llu.\n",
                           (v.isInquiry ? "inquiry" : "vote"), v.candidate,
                           (unsigned long long) v.count); /* uint64_t need not be unsigned long long */
                }
                fflush(channel); /* as the book: PutMsg() flushed already */
            }
            else
            {
                fputs("Parse error, closing connection.\n", stderr);
                break; /* give up on this client */
            }
        }
        puts("Client finished");
        fclose(channel); /* closes clntSock too */
    }
    /* never gets here */
}
