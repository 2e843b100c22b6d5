/* TestSizes.java: prints how many bits a char has and how many bytes each integer type of C takes,
 * the Java twin of native/ed2/TestSizes.c: the same calls, in the same order.
 * Run it as echo/bin/ed2/TestSizes.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.Limits.CHAR_BIT; /* bits in a char */
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/* Where each size comes from: C's own types (char ... long long) from the bindings' layouts
 * C_CHAR ... C_LONG_LONG, which the generator wrote for this platform's C ABI (C_LONG is 8
 * bytes on Linux, 4 on Windows); the fixed-width types from java.lang.foreign.ValueLayout, as
 * the bindings have no typedef for int8_t ... uint64_t: each is Java's integer type of that
 * width (Java has no unsigned types, so uintN_t shares intN_t's layout). */
public final class TestSizes {

    private TestSizes() {
    }

    /* printf() is variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF_D = printf.makeInvoker(C_INT);   /* printf(fmt, int) */
    private static final printf PRINTF_ZU = printf.makeInvoker(size_t); /* printf(fmt, size_t) */

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    /* As the C file, %zu where the book prints sizeof with %d: the same text */
    static void main(int argc, MemorySegment[] argv)
    {
        /* no arguments: any given are ignored, as the book does */

        PRINTF_D.apply(C("CHAR_BIT is %d\n\n"), CHAR_BIT); /* bits in a char: 8 on every machine this runs on */

        /* the types whose size the compiler chooses (char is 1 by definition) */
        PRINTF_ZU.apply(C("sizeof(char) is %zu\n"), C_CHAR.byteSize());
        PRINTF_ZU.apply(C("sizeof(short) is %zu\n"), C_SHORT.byteSize());
        PRINTF_ZU.apply(C("sizeof(int) is %zu\n"), C_INT.byteSize());
        PRINTF_ZU.apply(C("sizeof(long) is %zu\n"), C_LONG.byteSize());              /* 8 on LP64 Linux, 4 on 64-bit Windows */
        PRINTF_ZU.apply(C("sizeof(long long) is %zu\n\n"), C_LONG_LONG.byteSize());

        /* the fixed-width types: what a wire format should be written with */
        PRINTF_ZU.apply(C("sizeof(int8_t) is %zu\n"), JAVA_BYTE.byteSize());
        PRINTF_ZU.apply(C("sizeof(int16_t) is %zu\n"), JAVA_SHORT.byteSize());
        PRINTF_ZU.apply(C("sizeof(int32_t) is %zu\n"), JAVA_INT.byteSize());
        PRINTF_ZU.apply(C("sizeof(int64_t) is %zu\n\n"), JAVA_LONG.byteSize());

        PRINTF_ZU.apply(C("sizeof(uint8_t) is %zu\n"), JAVA_BYTE.byteSize());
        PRINTF_ZU.apply(C("sizeof(uint16_t) is %zu\n"), JAVA_SHORT.byteSize());
        PRINTF_ZU.apply(C("sizeof(uint32_t) is %zu\n"), JAVA_INT.byteSize());
        PRINTF_ZU.apply(C("sizeof(uint64_t) is %zu\n"), JAVA_LONG.byteSize());

        exit(0); /* the book's main falls off its end: status 0 */
    }
}
