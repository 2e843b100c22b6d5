/* cdeath.c: a library the Java launchers preload into the JVM (LD_PRELOAD) so that SIGSEGV,
 * SIGBUS, SIGFPE and SIGILL sent with kill end the twin as they end a C program: killed by the
 * signal (status 128+N, no output), not HotSpot's crash banner on stdout, an hs_err_pid*.log
 * file and abort() (status 134). HotSpot needs these signals for itself (null checks, safepoint
 * polls, traps), so their handlers stay the JVM's; but a handler installed before the JVM starts
 * is one the JVM chains to (-XX:+UseSignalChaining, the default) for every such signal it does
 * not recognise as its own, and that is where this one sits (docs/differences.md).
 * Not one of the book's programs: it lives in native/tools/ and builds into native/build/tools/.
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h> /* sigaction(), raise(), sigprocmask() */
#include <stddef.h> /* NULL */

/* A signal the JVM did not take as its own: die of it, as a program without a handler would. */
static void DieOfSignal(int sig)
{
    struct sigaction dfl = {0}; /* the default action: end the process (a core dump where allowed) */
    sigset_t set;

    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL); /* blocked while its handlers run: let it through at once */
    raise(sig);
}

/* Runs when the library is loaded, before the JVM exists: the JVM finds these handlers in place
 * and keeps them as the ones to chain to. */
__attribute__((constructor)) static void InstallBeforeTheJvm(void)
{
    static const int signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
    struct sigaction act = {0};

    act.sa_handler = DieOfSignal;
    sigemptyset(&act.sa_mask);
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++)
        sigaction(signals[i], &act, NULL);
}
