/* gai_message.c: prints C's gai_strerror(code) for the code given as argv[1], so that NamesTest
 * compares the bound gai_strerror with the one a C program gets for the same error.
 * SPDX-License-Identifier: Apache-2.0 */
#include "sockets.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gai_message CODE\n");
        return 2;
    }
    printf("%s\n", gai_strerror(atoi(argv[1])));
    return 0;
}
