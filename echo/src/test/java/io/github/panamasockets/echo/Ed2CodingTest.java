/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2nd edition's TestSizes and BruteForceCoding, C build and Java build: same stdout, stderr
 * and exit status, with no arguments and with one the book's code ignores (neither program of
 * the book checks its arguments); and what they print is what it should be.
 */
@Timeout(120)
class Ed2CodingTest {

    private static final Pattern SIZE_LINE = Pattern.compile("sizeof\\(([a-z0-9_ ]+)\\) is (\\d+)");

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    /** Runs the program of both builds with the same arguments; asserts they agree; returns Java's result. */
    private static Result both(String program, String scenario, String... args) throws Exception {
        return Twins.both(program + ", " + scenario, program, args);
    }

    /**
     * The sizes Java prints (from the bindings' C_CHAR ... C_LONG_LONG and ValueLayout's
     * JAVA_BYTE ... JAVA_LONG) equal those the C build prints, which are gcc's sizeof for this
     * machine: so both() alone checks every size against the compiler. What is asserted after
     * it is what C itself defines, whatever the compiler: the layout of the output, char is 1,
     * intN_t and uintN_t are N bits, and the order of char, short, int, long, long long.
     */
    @Test
    void testSizesPrintsGccsSizes() throws Exception {
        for (String[] args : List.of(new String[0], new String[] {"extra"})) {
            Result r = both("ed2/TestSizes", args.length + " arguments", args);
            assertEquals(0, r.status());
            assertEquals("", r.stderr());

            String[] blocks = r.stdout().split("\n\n", -1);
            assertEquals(4, blocks.length, r.stdout());
            Matcher charBit = Pattern.compile("CHAR_BIT is (\\d+)").matcher(blocks[0]);
            assertTrue(charBit.matches(), blocks[0]);
            int bits = Integer.parseInt(charBit.group(1));

            Map<String, Integer> sizes = new LinkedHashMap<>();
            for (int b = 1; b < blocks.length; b++) {
                String block = b == blocks.length - 1 ? blocks[b].substring(0, blocks[b].length() - 1) : blocks[b];
                assertTrue(blocks[b].endsWith("\n") == (b == blocks.length - 1), "only the last block ends in one newline");
                for (String line : block.split("\n")) {
                    Matcher m = SIZE_LINE.matcher(line);
                    assertTrue(m.matches(), line);
                    sizes.put(m.group(1), Integer.parseInt(m.group(2)));
                }
            }
            assertEquals(List.of("char", "short", "int", "long", "long long",
                    "int8_t", "int16_t", "int32_t", "int64_t",
                    "uint8_t", "uint16_t", "uint32_t", "uint64_t"), List.copyOf(sizes.keySet()));

            assertEquals(1, sizes.get("char"), "sizeof(char) is 1 by definition");
            for (int n : new int[] {8, 16, 32, 64}) {
                assertEquals(n, sizes.get("int" + n + "_t") * bits, "int" + n + "_t");
                assertEquals(n, sizes.get("uint" + n + "_t") * bits, "uint" + n + "_t");
            }
            List<String> ranked = List.of("char", "short", "int", "long", "long long");
            for (int i = 1; i < ranked.size(); i++) {
                assertTrue(sizes.get(ranked.get(i - 1)) <= sizes.get(ranked.get(i)), ranked.get(i));
            }
        }
    }

    /** The output BruteForceCoding should print, worked out with Java's own big-endian ByteBuffer. */
    private static String expectedBruteForceOutput() {
        ByteBuffer message = ByteBuffer.allocate(Byte.BYTES + Short.BYTES + Integer.BYTES + Long.BYTES); // big-endian
        message.put((byte) 101).putShort((short) 10001).putInt(100000001).putLong(1000000000001L);
        StringBuilder bytes = new StringBuilder();
        for (byte b : message.array()) {
            bytes.append(Byte.toUnsignedInt(b)).append(' '); // the book leaves a space after the last byte too
        }
        return "Encoded message:\n" + bytes + "\n"
                + "Decoded 2-byte integer = " + Short.toUnsignedInt(message.getShort(1)) + "\n"
                + "Decoded 8-byte integer = " + Long.toUnsignedString(message.getLong(7)) + "\n"
                + "Decoded value (offset 4, size 4) = " + Integer.toUnsignedLong(message.getInt(4)) + "\n"
                + "...same as signed value " + message.getInt(4) + "\n";
    }

    @Test
    void bruteForceCodingPrintsTheBigEndianBytes() throws Exception {
        String expected = expectedBruteForceOutput();
        assertTrue(expected.contains("signed value -"), "offset 4 starts at a byte with its high bit set");
        for (String[] args : List.of(new String[0], new String[] {"extra"})) {
            assertEquals(new Result(0, expected, ""), both("ed2/BruteForceCoding", args.length + " arguments", args));
        }
    }
}
