/* perror.c: perror with the program's errno put back inside the same native call
 * (io.github.panamasockets.Errno.perror, docs/bindings.md). Written from Java just before the
 * downcall, errno could be overwritten in between by the JVM's own code on the calling thread
 * (a safepoint poll waiting in a futex, the first linking of the call site), and perror would
 * print another reason than C's. The generated ps_r_ trampolines do the same for the 'always'
 * and 'nonzero' calls of errno.list; perror is not one of those (it reads errno, it is not a call
 * whose errno the program reads), so its trampoline is written here.
 * SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdio.h>

void ps_r_perror(int err, const char *s)
{
    errno = err;
    perror(s);
}
