/* VoteProtocol.h: what a vote message says, whichever encoding carries it, and the protocol's
 * limits, following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd edition) header.
 * SPDX-License-Identifier: Apache-2.0 */
#ifndef VOTEPROTOCOL_H_
#define VOTEPROTOCOL_H_

#include <stdbool.h> /* bool */
#include <stdint.h>  /* uint64_t */

/* One message, decoded: never sent as it is (its layout has padding); the encodings write it */
struct VoteInfo {
    uint64_t count;  /* the candidate's votes so far; invariant: !isResponse => count == 0 */
    int candidate;   /* invariant: 0 <= candidate <= MAX_CANDIDATE */
    bool isInquiry;  /* an inquiry asks for the count; a vote also adds one */
    bool isResponse; /* the server's answer, not a client's request */
};

typedef struct VoteInfo VoteInfo;

enum {
    MAX_CANDIDATE = 1000, /* candidates are numbered 0 to MAX_CANDIDATE */
    MAX_WIRE_SIZE = 500   /* the longest encoded message, framing not counted */
};

#endif /* VOTEPROTOCOL_H_ */
