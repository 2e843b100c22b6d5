/* recorder.h: what the generated trampolines (generated/sockets_trampolines.c) need of the signal
 * recorder (recorder.c, docs/signals.md, "The direct path").
 * SPDX-License-Identifier: Apache-2.0 */
#ifndef PANAMA_SOCKETS_RECORDER_H
#define PANAMA_SOCKETS_RECORDER_H
#include <stdint.h>

/* Not 0 while this thread is inside a trampoline's call: in a downcall, so in HotSpot's native
 * state, where an upcall may enter Java. initial-exec: a signal handler must not take the lazy
 * path of a dlopen'ed library's TLS, which may allocate. */
extern __thread int ps_blocked __attribute__((tls_model("initial-exec")));
extern uint64_t *volatile ps_pending;

/* Runs the Java handlers of what is pending, on this thread, now (not in signal context). */
void ps_run_pending(void);

/* Marked first, then the word read: a signal before the mark was recorded and is run here; one
 * after it runs in the recorder, inside the call. */
#define PS_ENTER() do { \
        ps_blocked++; \
        __atomic_signal_fence(__ATOMIC_SEQ_CST); \
        uint64_t *word$ = ps_pending; \
        if (word$ != 0 && __atomic_load_n(word$, __ATOMIC_SEQ_CST) != 0) \
            ps_run_pending(); \
    } while (0)

#define PS_LEAVE() do { \
        __atomic_signal_fence(__ATOMIC_SEQ_CST); \
        ps_blocked--; \
    } while (0)

#endif
