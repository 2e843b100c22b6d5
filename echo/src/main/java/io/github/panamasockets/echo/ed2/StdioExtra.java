/* StdioExtra.java: the two libc functions the vote protocol calls that bindings/sockets.argfile
 * does not list yet, getc() (DelimFramer) and strtoll() (VoteEncodingText), linked here the
 * way the generated code links the others. Neither sets an errno the programs read (getc's EOF
 * and strtoll's result are all they look at), so neither captures it.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

final class StdioExtra {

    private StdioExtra() {
    }

    private static final Linker LINKER = Linker.nativeLinker();

    /* int getc(FILE *stream) */
    private static final MethodHandle GETC = LINKER.downcallHandle(
            LINKER.defaultLookup().find("getc").orElseThrow(),
            FunctionDescriptor.of(C_INT, C_POINTER));

    /* long long strtoll(const char *nptr, char **endptr, int base) */
    private static final MethodHandle STRTOLL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strtoll").orElseThrow(),
            FunctionDescriptor.of(C_LONG_LONG, C_POINTER, C_POINTER, C_INT));

    static int getc(MemorySegment stream) {
        try {
            return (int) GETC.invokeExact(stream);
        } catch (Throwable t) {
            throw new AssertionError("getc", t); /* a downcall of this shape throws nothing */
        }
    }

    static long strtoll(MemorySegment nptr, MemorySegment endptr, int base) {
        try {
            return (long) STRTOLL.invokeExact(nptr, endptr, base);
        } catch (Throwable t) {
            throw new AssertionError("strtoll", t); /* a downcall of this shape throws nothing */
        }
    }
}
