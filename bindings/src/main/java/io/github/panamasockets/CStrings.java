/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The C strings a C program has without asking: its string literals and its argv; and a C
 * string read back as Java's. {@link Sockets} gives each under the same name.
 *
 * <ul>
 * <li>{@link #C(String)}: a string literal, such as a printf format. Each distinct literal is
 *     allocated once, NUL-terminated, for the life of the program, like C's read-only data, so
 *     {@code printf(C("%s"), buf)} reads as {@code printf("%s", buf)} and allocates nothing after
 *     its first use. A literal is encoded as UTF-8.</li>
 * <li>{@link #argv(String[])}: C's {@code argv}. The launchers in {@code echo/bin} run
 *     {@code java ... Class "$0" "$@"}: the program name as invoked comes first, so Java's
 *     {@code args} is C's argv, {@code args[0]} included, and {@code argc} is its length.
 *     The bytes are taken from {@code /proc/self/cmdline} (its last {@code args.length}
 *     entries are exactly the bytes of {@code args}) rather than from the Java strings, which
 *     the JVM has decoded with the locale's charset: under the C locale every byte above 0x7f
 *     comes back as U+FFFD, and under UTF-8 each invalid sequence does. With the bytes
 *     themselves, a word such as {@code café} or one with a lone 0xff byte is sent exactly as
 *     C sends it, whatever the locale. Only when {@code /proc} cannot be read, or does not end
 *     with the arguments, are the strings encoded again with the charset that decoded them.
 *     Taking argv also puts back C's start-up locale and SIGPIPE ({@link CStartup}).</li>
 * </ul>
 */
public final class CStrings {

    private CStrings() {
    }

    private static final ConcurrentHashMap<String, MemorySegment> LITERALS = new ConcurrentHashMap<>();

    /** The C string literal {@code literal}: allocated on first use, then the same segment every time. */
    public static MemorySegment C(String literal) {
        MemorySegment s = LITERALS.get(literal);
        return s != null ? s : LITERALS.computeIfAbsent(literal, l -> Arena.global().allocateFrom(l));
    }

    /**
     * C's argv (NUL-terminated, each allocated as its bytes plus the NUL) from main's {@code args}; see
     * above. First, once, the locale and SIGPIPE a C program starts with ({@link CStartup}): every
     * twin's main takes its argv before anything else.
     */
    public static MemorySegment[] argv(String[] args) {
        CStartup.run();
        List<byte[]> raw = rawArgs(args);
        MemorySegment[] argv = new MemorySegment[args.length];
        for (int i = 0; i < args.length; i++) {
            byte[] bytes = raw.get(i);
            MemorySegment s = Arena.global().allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
            s.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
            argv[i] = s;
        }
        return argv;
    }

    /**
     * The C string at {@code s} (the bytes before its first NUL, as UTF-8) as a Java string. A
     * segment C returned has no size: it is read up to the NUL, as C reads it.
     */
    public static String string(MemorySegment s) {
        return (s.byteSize() == 0 ? s.reinterpret(Long.MAX_VALUE) : s).getString(0);
    }

    private static List<byte[]> rawArgs(String[] args) {
        Charset jnu = jnuCharset();
        List<byte[]> fromProc = procCmdlineTail(args.length);
        if (fromProc != null && agrees(fromProc, args)) {
            return fromProc;
        }
        List<byte[]> encoded = new ArrayList<>();
        for (String a : args) {
            encoded.add(a.getBytes(jnu));
        }
        return encoded;
    }

    /** The last n NUL-terminated entries of /proc/self/cmdline, or null. */
    private static List<byte[]> procCmdlineTail(int n) {
        byte[] cmdline;
        // java.io, not java.nio.file: NIO's file channels load libnet, whose start-up probe opens
        // AF_INET and AF_INET6 sockets: socket calls that are not the program's, before its own
        try (FileInputStream in = new FileInputStream("/proc/self/cmdline")) {
            cmdline = in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
        List<byte[]> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                byte[] entry = new byte[i - start];
                System.arraycopy(cmdline, start, entry, 0, entry.length);
                entries.add(entry);
                start = i + 1;
            }
        }
        if (start != cmdline.length || entries.size() < n) {
            return null;  // not NUL-terminated as the kernel writes it, or too short: not ours
        }
        return entries.subList(entries.size() - n, entries.size());
    }

    /** Every entry that is plain ASCII must be the same string: proof that the tail is really args. */
    private static boolean agrees(List<byte[]> raw, String[] args) {
        for (int i = 0; i < args.length; i++) {
            byte[] bytes = raw.get(i);
            boolean ascii = true;
            for (byte b : bytes) {
                ascii &= b > 0;
            }
            if (ascii && !new String(bytes, StandardCharsets.US_ASCII).equals(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }
}
