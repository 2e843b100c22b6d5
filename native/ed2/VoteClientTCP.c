/* VoteClientTCP.c: casts one vote (or asks for the count) for a candidate and prints the
 * server's response, over a stdio stream on the socket; the encoding and the framing are those
 * linked in (see the Makefile: VoteClientTCP text, VoteClientTCP-bin binary),
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>           /* fdopen(), printf() and fclose() */
#include <stdlib.h>          /* atoi() and exit() */
#include <string.h>          /* memset() and strcmp() */
#include "Practical.h"       /* SetupTCPClientSocket() and DieWith...Message() */
#include "VoteProtocol.h"    /* VoteInfo, MAX_CANDIDATE and MAX_WIRE_SIZE */
#include "VoteEncoding.h"    /* Encode() and Decode() */
#include "Framer.h"          /* PutMsg() and GetNextMsg() */

int main(int argc, char *argv[])
{
    if (argc < 4 || argc > 5) /* server, port and candidate are required; I is optional */
        DieWithUserMessage("Parameter(s)", "<Server> <Port/Service> <Candidate> [I]");

    char *server = argv[1];  /* first argument: the server's address or host name */
    char *service = argv[2]; /* second argument: its port or service name */
    int candi = atoi(argv[3]); /* third argument: the candidate (not a number reads as 0) */
    if (candi < 0 || candi > MAX_CANDIDATE)
        DieWithUserMessage("Candidate # not valid", argv[3]); /* the protocol's range */

    bool inq = argc > 4 && strcmp(argv[4], "I") == 0; /* I: an inquiry; anything else: a vote */

    /* A TCP socket connected to the server, over whichever family reached it */
    int sock = SetupTCPClientSocket(server, service);
    if (sock < 0)
        DieWithUserMessage("SetupTCPClientSocket() failed", "unable to connect"); /* no address connected */

    FILE *str = fdopen(sock, "r+"); /* one stdio stream to read and write the socket */
    if (str == NULL)
        DieWithSystemMessage("fdopen() failed");

    /* The request: a vote or an inquiry for the candidate, no count */
    VoteInfo vi;
    memset(&vi, 0, sizeof(vi));

    vi.isInquiry = inq;
    vi.candidate = candi;

    /* Encode it for the wire */
    uint8_t outbuf[MAX_WIRE_SIZE];
    size_t reqSize = Encode(&vi, outbuf, MAX_WIRE_SIZE);

    /* Say what goes out (book: %d for a size_t; %zu is its conversion) */
    printf("Sending %zu-byte %s for candidate %d...\n", reqSize,
           (inq ? "inquiry" : "vote"), candi);

    /* Frame it and send it */
    if (PutMsg(outbuf, reqSize, str) < 0)
        DieWithSystemMessage("PutMsg() failed");

    /* The response */
    uint8_t inbuf[MAX_WIRE_SIZE];
    /* Book bug fixed: it kept the result in a size_t, so a failure (-1) went on as a huge size */
    int respSize = GetNextMsg(str, inbuf, MAX_WIRE_SIZE);
    if (respSize < 0)
        DieWithUserMessage("GetNextMsg()", "no response, or one too long");
    if (Decode(inbuf, respSize, &vi)) /* parse it, and print what it says */
    {
        printf("Received:\n");
        if (vi.isResponse)
            printf("  Response to ");
        if (vi.isInquiry)
            printf("inquiry ");
        else
            printf("vote ");
        printf("for candidate %d\n", vi.candidate);
        if (vi.isResponse)
            printf("  count = %llu\n", (unsigned long long) vi.count); /* uint64_t need not be unsigned long long */
    }
    else /* Book bug fixed: it ended with status 0 and said nothing */
        DieWithUserMessage("Decode()", "response not understood");

    fclose(str); /* flushes and closes the socket */

    exit(0);
}
