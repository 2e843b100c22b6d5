/* SigAction.c: catches SIGINT with sigaction() and waits for it in pause(),
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>  /* printf() */
#include <signal.h> /* sigaction() and sigfillset() */
#include <unistd.h> /* pause() */
#include <stdlib.h> /* exit() */

void DieWithError(char *errorMessage);       /* report errno's reason, then quit */
void InterruptSignalHandler(int signalType); /* what SIGINT runs */

int main(void) /* (the book's argc and argv are never read: -Wextra would warn) */
{
    struct sigaction handler; /* what to do on SIGINT: the handler, its mask and flags */

    handler.sa_handler = InterruptSignalHandler; /* run this on SIGINT */
    if (sigfillset(&handler.sa_mask) < 0)        /* block every signal while it runs */
        DieWithError("sigfillset() failed");
    handler.sa_flags = 0; /* no flags: pause() is not restarted anyway */

    if (sigaction(SIGINT, &handler, 0) < 0) /* install it */
        DieWithError("sigaction() failed");

    for (;;)
        pause(); /* sleep until a signal comes: the handler ends the program */

    exit(0); /* never reached, as in the book */
}

void InterruptSignalHandler(int signalType)
{
    (void) signalType; /* SIGINT is the only signal it handles */
    printf("Interrupt Received.  Exiting program.\n"); /* (printf in a handler: main is in pause(), never in stdio) */
    exit(1); /* flushes stdout: the message reaches a pipe too */
}
