/* Callgrind.h: marks for valgrind --tool=callgrind, so a driver can count the instructions of
 * one stretch of its own run. Outside valgrind each mark is a few no-op instructions.
 * SPDX-License-Identifier: Apache-2.0 */
#ifndef PSBENCH_CALLGRIND_H
#define PSBENCH_CALLGRIND_H

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h> /* CALLGRIND_ZERO_STATS, CALLGRIND_DUMP_STATS_AT */
#define PSBENCH_HAVE_CALLGRIND 1
#endif
#endif

#ifndef PSBENCH_HAVE_CALLGRIND
#define CALLGRIND_ZERO_STATS              /* no valgrind headers: marks do nothing */
#define CALLGRIND_DUMP_STATS_AT(label) ((void) (label))
#define RUNNING_ON_VALGRIND 0
#endif

#endif
