/* BruteForceCoding.java: puts four integers of 1, 2, 4 and 8 bytes into a buffer in big-endian
 * order by shifting, prints the bytes, then takes integers back out of them,
 * the Java twin of native/ed2/BruteForceCoding.c: the same calls, in the same order.
 * Run it as echo/bin/ed2/BruteForceCoding.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.Limits.CHAR_BIT;   /* bits in a char */
import static io.github.panamasockets.echo.ed2.Practical.BUFSIZE; /* the size of stringBuf */
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/* C's uint8_t ... uint64_t are Java's byte ... long (ValueLayout.JAVA_BYTE ... JAVA_LONG give
 * their sizes: the bindings have no typedef for them). Java has none unsigned, so where C
 * widens an unsigned value (to uint64_t, or a uint8_t to int) the twin zero-extends it with
 * toUnsignedLong/toUnsignedInt, and shifts right with >>>, as C shifts an unsigned value. */
public final class BruteForceCoding {

    private BruteForceCoding() {
    }

    /* printf() and snprintf() are variadic: one invoker a shape of arguments, linked once */
    private static final printf PRINTF_S = printf.makeInvoker(C_POINTER);       /* printf(fmt, char *) */
    private static final printf PRINTF_LLU = printf.makeInvoker(C_LONG_LONG);   /* printf(fmt, unsigned long long) */
    private static final printf PRINTF_D_D_LLD = printf.makeInvoker(C_INT, C_INT, C_LONG_LONG); /* printf(fmt, int, int, long long) */
    private static final printf PRINTF_D = printf.makeInvoker(C_INT);           /* printf(fmt, int or unsigned int) */
    private static final snprintf SNPRINTF_U = snprintf.makeInvoker(C_INT);     /* snprintf(buf, size, fmt, unsigned int) */

    static final byte val8 = 101;              /* one hundred and one */
    static final short val16 = 10001;          /* ten thousand and one */
    static final int val32 = 100000001;        /* one hundred million and one */
    static final long val64 = 1000000000001L;  /* one trillion and one */
    /* As the C file, a constant (the book's const int makes message[] a variable-length array) */
    static final int MESSAGELENGTH = (int) (JAVA_BYTE.byteSize() + JAVA_SHORT.byteSize() + JAVA_INT.byteSize() + JAVA_LONG.byteSize());

    private static final MemorySegment stringBuf = Arena.global().allocate(BUFSIZE); /* C's static char stringBuf[BUFSIZE]: zeroed, lives as long as the program */

    /* The bytes as decimal numbers, each followed by a space, in one C string */
    static MemorySegment BytesToDecString(MemorySegment byteArray, int arrayLength)
    {
        MemorySegment cp = stringBuf; /* where the next number goes */
        long bufSpaceLeft = BUFSIZE;  /* room left, its terminating NUL included (C: size_t) */
        for (int i = 0; i < arrayLength && bufSpaceLeft > 0; i++)
        {
            int strl = SNPRINTF_U.apply(cp, bufSpaceLeft, C("%u "), Byte.toUnsignedInt(byteArray.get(C_CHAR, i))); /* one byte, 0 to 255 */
            /* Fix, as in the C file: stop when snprintf() cut the number short (C's (size_t) strl: an unsigned compare) */
            if (Long.compareUnsigned(strl, bufSpaceLeft) >= 0)
                break;
            bufSpaceLeft -= strl;    /* the room the number took */
            cp = cp.asSlice(strl);   /* on to its end (C: cp += strl) */
        }
        return stringBuf;
    }

    /* Warning: untested preconditions (e.g. 0 <= size <= 8), as in the book */
    static int EncodeIntBigEndian(MemorySegment dst, long val, int offset, int size)
    {
        for (int i = 0; i < size; i++)
        {
            dst.set(C_CHAR, offset++, (byte) (val >>> ((size - 1) - i) * CHAR_BIT)); /* most significant byte first */
        }
        return offset; /* where the next value goes */
    }

    /* Warning: untested preconditions (e.g. 0 <= size <= 8), as in the book */
    static long DecodeIntBigEndian(MemorySegment val, int offset, int size)
    {
        long rtn = 0; /* the value so far (C: uint64_t) */
        for (int i = 0; i < size; i++)
        {
            rtn = (rtn << CHAR_BIT) | Byte.toUnsignedLong(val.get(C_CHAR, offset + i)); /* shift in the next, less significant, byte */
        }
        return rtn;
    }

    /** The launcher passes the program name as invoked, then the arguments: {@code args} is C's argv. */
    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);
        main(argv.length, argv);
    }

    static void main(int argc, MemorySegment[] argv)
    {
        Arena stack = Arena.ofConfined(); /* what C keeps on main's stack; main ends in exit(), so never closed */

        /* no arguments: any given are ignored, as the book does */

        MemorySegment message = stack.allocate(MESSAGELENGTH); /* big enough to hold all four values (C: uint8_t message[]) */

        /* Encode the integers in sequence in the message buffer (C converts each to uint64_t: zero-extended) */
        int offset = 0;
        offset = EncodeIntBigEndian(message, Byte.toUnsignedLong(val8), offset, (int) JAVA_BYTE.byteSize());
        offset = EncodeIntBigEndian(message, Short.toUnsignedLong(val16), offset, (int) JAVA_SHORT.byteSize());
        offset = EncodeIntBigEndian(message, Integer.toUnsignedLong(val32), offset, (int) JAVA_INT.byteSize());
        offset = EncodeIntBigEndian(message, val64, offset, (int) JAVA_LONG.byteSize());
        PRINTF_S.apply(C("Encoded message:\n%s\n"), BytesToDecString(message, MESSAGELENGTH));

        /* Decode two of them back: the 2-byte one after val8, the 8-byte one at the end */
        long value = DecodeIntBigEndian(message, (int) JAVA_BYTE.byteSize(), (int) JAVA_SHORT.byteSize());
        PRINTF_D.apply(C("Decoded 2-byte integer = %u\n"), (int) value);
        value = DecodeIntBigEndian(message, (int) (JAVA_BYTE.byteSize() + JAVA_SHORT.byteSize() + JAVA_INT.byteSize()),
                                   (int) JAVA_LONG.byteSize());
        PRINTF_LLU.apply(C("Decoded 8-byte integer = %llu\n"), value); /* printf reads the long's bits as unsigned */

        /* Show signedness: the same 4 bytes, read as unsigned and as signed */
        offset = 4;                           /* straddles val32 and val64: the first byte is 245, high bit set */
        int iSize = (int) JAVA_INT.byteSize(); /* four bytes */
        value = DecodeIntBigEndian(message, offset, iSize);
        PRINTF_D_D_LLD.apply(C("Decoded value (offset %d, size %d) = %lld\n"), offset, iSize, value);
        /* out of int's range: Java's (int) keeps the low 32 bits, as gcc's (int32_t) does */
        int signedVal = (int) DecodeIntBigEndian(message, offset, iSize);
        PRINTF_D.apply(C("...same as signed value %d\n"), signedVal);

        exit(0); /* the book's main falls off its end: status 0 */
    }
}
