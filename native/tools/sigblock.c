/* sigblock.c: blocks signals, then execs a command, which inherits the blocked mask:
 *   sigblock SIGNAL[,SIGNAL...] COMMAND [ARG...]   (names as kill -l has them, INT or SIGINT, or numbers)
 * The signal launchers of echo/bin run the JVM through it: every thread the JVM starts inherits
 * the mask, so a process-directed signal reaches only the thread that unblocks it (the program's
 * own, io.github.panamasockets.ProgramSignals), as in a single-threaded C program. A shell cannot
 * do this: its builtins have no sigprocmask, and it unblocks signals before it execs.
 * Not one of the book's programs: it lives in native/tools/ and builds into native/build/tools/.
 * SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE    /* sigabbrev_np() */
#include <signal.h>    /* sigprocmask(), sigaddset() */
#include <stdio.h>     /* fprintf() */
#include <stdlib.h>    /* strtol() */
#include <string.h>    /* strtok(), strcmp(), strncmp(), sigabbrev_np() */
#include <unistd.h>    /* execvp() */

static int SignalNumber(const char *name) /* "INT", "SIGINT" or "2" to 2; -1 if not a signal */
{
    char *end;
    long n = strtol(name, &end, 10);
    if (*name != '\0' && *end == '\0')
        return (n > 0 && n < NSIG) ? (int) n : -1; /* a number */
    if (strncmp(name, "SIG", 3) == 0)
        name += 3; /* kill -l's names have no SIG prefix */
    if (strcmp(name, "IO") == 0)
        return SIGIO; /* glibc names 29 by its other name, POLL */
    for (int s = 1; s < NSIG; s++) {
        const char *abbrev = sigabbrev_np(s); /* NULL for the real-time signals: numbers only */
        if (abbrev != NULL && strcmp(abbrev, name) == 0)
            return s;
    }
    return -1;
}

int main(int argc, char *argv[])
{
    sigset_t block; /* the signals to block */

    if (argc < 3) {
        fprintf(stderr, "Usage: %s SIGNAL[,SIGNAL...] COMMAND [ARG...]\n", argv[0]);
        return 2;
    }
    sigemptyset(&block);
    for (char *name = strtok(argv[1], ","); name != NULL; name = strtok(NULL, ",")) {
        int sig = SignalNumber(name);
        if (sig < 0) {
            fprintf(stderr, "%s: not a signal: %s\n", argv[0], name);
            return 2;
        }
        sigaddset(&block, sig); /* (SIGKILL and SIGSTOP cannot be blocked: the kernel ignores them) */
    }
    if (sigprocmask(SIG_BLOCK, &block, NULL) < 0) { /* one thread here: the process's mask */
        perror("sigprocmask");
        return 2;
    }
    execvp(argv[2], argv + 2); /* the mask survives execve (signal dispositions do not) */
    fprintf(stderr, "%s: cannot run %s: ", argv[0], argv[2]);
    perror(NULL);
    return 127; /* as a shell says of a command it cannot run */
}
