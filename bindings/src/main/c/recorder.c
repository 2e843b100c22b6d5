/* recorder.c: the signal handler the kernel runs in place of a Java one (docs/signals.md).
 *
 * A Java handler cannot run in signal context: an FFM upcall entered while the thread runs Java
 * or VM code kills HotSpot. So the handler installed with sigaction() is one of these two
 * functions: each only records the signal (a count, one bit of a 64-bit pending word, and for
 * SA_SIGINFO a copy of the siginfo) and returns. The interrupted system call still ends with EINTR (or is
 * restarted with SA_RESTART) exactly as for a C handler; the Java handler runs afterwards on the
 * program's thread, when its current downcall returns (io.github.panamasockets.SignalDispatch).
 * Async-signal-safe: one atomic OR and a memcpy, no libc call that takes a lock.
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <stdint.h>
#include <string.h>

/* The pending word: bit sig-1 set when signal sig was recorded; and per signal, how many times it
 * was (a handler runs once a delivery, as C's runs once an interruption). Java allocates both and
 * hands their addresses over once (ps_init), so that Java's per-call check is one load from a
 * constant address it owns, made without loading this library in a program that installs no
 * Java handler. */
static uint64_t *volatile pending;
static uint32_t *volatile counts;

/* One siginfo per signal number (1..64), written by record_info before its bit is set. */
static siginfo_t infos[65];

void ps_init(uint64_t *word, uint32_t *perSignal)
{
    counts = perSignal;
    pending = word;
}

/* The siginfo last recorded for sig: Java copies it out after taking the bit. */
siginfo_t *ps_info(int sig)
{
    return &infos[sig];
}

void ps_record(int sig)
{
    uint64_t *word = pending;
    if (word == 0 || sig < 1 || sig > 64)
        return;
    __atomic_fetch_add(&counts[sig], 1, __ATOMIC_SEQ_CST); /* the count first: a bit seen has its count */
    __atomic_fetch_or(word, (uint64_t) 1 << (sig - 1), __ATOMIC_SEQ_CST);
}

void ps_record_info(int sig, siginfo_t *info, void *context)
{
    (void) context; /* a ucontext is only meaningful inside the signal frame, gone when Java runs */
    if (sig >= 1 && sig <= 64 && info != 0)
        memcpy(&infos[sig], info, sizeof *info);
    ps_record(sig);
}
