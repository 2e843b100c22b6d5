/* recorder.c: the signal handler the kernel runs in place of a Java one (docs/signals.md).
 *
 * A Java handler cannot run in signal context at any point: an FFM upcall entered while the thread
 * runs Java or VM code kills HotSpot. So the handler installed with sigaction() is one of these two
 * functions: each records the signal (a count, one bit of a 64-bit pending word, and for
 * SA_SIGINFO a copy of the siginfo). Then, if the thread is inside a blocking call of the C view
 * (a generated trampoline marked it: it is in a downcall, in HotSpot's native state), it runs the
 * Java handlers there and then, through an upcall, before the kernel restarts or ends the call,
 * as C's handler runs ("the direct path"). Otherwise it returns, and the Java handler runs on the
 * program's thread when its current downcall returns (io.github.panamasockets.SignalDispatch).
 * Async-signal-safe: atomics, a memcpy, sigprocmask, and the upcall (whose Java code is the
 * program's handler, as a C handler is the program's code).
 * SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "recorder.h"

/* The pending word: bit sig-1 set when signal sig was recorded; and per signal, how many times it
 * was (a handler runs once a delivery, as C's runs once an interruption). Java allocates both and
 * hands their addresses over once (ps_init), so that Java's per-call check is one load from a
 * constant address it owns. */
uint64_t *volatile ps_pending;
static uint32_t *volatile counts;
/* 1 while Java handlers run (here or in Java's dispatch, which takes it too): never two at once. */
static int *volatile busy;
/* The upcall that runs what is pending (SignalDispatch.direct), 0 until Java gives it. */
static void (*volatile entry)(void);
/* Bit sig-1: sig's sa_mask blocks SIGSEGV, SIGBUS, SIGFPE or SIGILL, which HotSpot raises on
 * purpose in the Java code the upcall runs: unblocked for the upcall (rt_sigreturn restores the mask). */
static volatile uint64_t syncMasked;

__thread int ps_blocked __attribute__((tls_model("initial-exec")));

/* Handler runs made in signal context (the direct path), for measurements and tests. */
static uint64_t directRuns;

uint64_t ps_direct_runs(void)
{
    return __atomic_load_n(&directRuns, __ATOMIC_SEQ_CST);
}

/* One siginfo per signal number (1..64), written by record_info before its bit is set. */
static siginfo_t infos[65];

void ps_init(uint64_t *word, uint32_t *perSignal, int *running)
{
    counts = perSignal;
    busy = running;
    ps_pending = word;
}

/* The direct path: the upcall, and per signal whether its mask needs the four unblocked. */
void ps_direct(void (*upcall)(void))
{
    entry = upcall;
}

void ps_sync_masked(int sig, int masked)
{
    uint64_t bit = (uint64_t) 1 << (sig - 1);
    if (sig < 1 || sig > 64)
        return;
    if (masked)
        __atomic_fetch_or(&syncMasked, bit, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&syncMasked, ~bit, __ATOMIC_SEQ_CST);
}

/* The siginfo last recorded for sig: Java copies it out after taking the bit. */
siginfo_t *ps_info(int sig)
{
    return &infos[sig];
}

/* Runs the Java handlers through the upcall unless some already run (they will take ours). */
static void run(int sig)
{
    int *running = busy;
    void (*upcall)(void) = entry;
    int expected = 0;
    if (running == 0 || upcall == 0
        || !__atomic_compare_exchange_n(running, &expected, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        return;
    int saved = errno; /* the interrupted call's errno is the program's, as after a C handler */
    if (sig != 0)
        __atomic_fetch_add(&directRuns, 1, __ATOMIC_SEQ_CST);
    if (sig != 0 && (syncMasked & ((uint64_t) 1 << (sig - 1))) != 0) {
        sigset_t sync;
        sigemptyset(&sync);
        sigaddset(&sync, SIGSEGV);
        sigaddset(&sync, SIGBUS);
        sigaddset(&sync, SIGFPE);
        sigaddset(&sync, SIGILL);
        sigprocmask(SIG_UNBLOCK, &sync, 0);
    }
    upcall();
    __atomic_store_n(running, 0, __ATOMIC_SEQ_CST);
    errno = saved;
}

void ps_run_pending(void)
{
    run(0);
}

void ps_record(int sig)
{
    uint64_t *word = ps_pending;
    if (word == 0 || sig < 1 || sig > 64)
        return;
    __atomic_fetch_add(&counts[sig], 1, __ATOMIC_SEQ_CST); /* the count first: a bit seen has its count */
    __atomic_fetch_or(word, (uint64_t) 1 << (sig - 1), __ATOMIC_SEQ_CST);
    if (ps_blocked > 0)
        run(sig); /* in a downcall: native state, where HotSpot lets an upcall in */
}

void ps_record_info(int sig, siginfo_t *info, void *context)
{
    (void) context; /* a ucontext: the Java handler gets NULL, as on the deferred path */
    if (sig >= 1 && sig <= 64 && info != 0)
        memcpy(&infos[sig], info, sizeof *info);
    ps_record(sig);
}
