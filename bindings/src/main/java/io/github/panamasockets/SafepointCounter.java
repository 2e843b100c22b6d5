/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.io.BufferedReader;
import java.io.FileReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * HotSpot's {@code SafepointSynchronize::_safepoint_counter}, read in place.
 *
 * <p>HotSpot increments this 64-bit counter to an odd value before it arms a safepoint (before
 * any thread's poll is armed) and to the next even value when the safepoint is over, before the
 * stopped threads are released (safepoint.cpp, {@code arm_safepoint} and
 * {@code disarm_safepoint}). So if the thread that forks reads an even value just before
 * {@code fork()} and the same value just after, no safepoint was armed at any moment of the
 * fork, and the child's copy of the JVM has no poll armed that it would wait on forever.
 *
 * <p>The symbol is not exported: it is found in the {@code .symtab} of {@code libjvm.so}
 * (Temurin keeps it; a stripped build has none), and its run-time address is its link-time
 * value plus the load bias of the library, which the exported {@code JNI_CreateJavaVM} gives
 * ({@code SymbolLookup.libraryLookup}) and {@code /proc/self/maps} confirms. Before it is
 * trusted, one {@code System.gc()} must move it from an even value to a larger even value.
 * Reading it costs a few nanoseconds and no system call.
 *
 * <p>Everything here is read with {@code java.io}, never {@code java.nio} (whose first use loads
 * libnet, which opens probe sockets), and is meant to run before a program's first socket.
 */
final class SafepointCounter {

    static final String SYMBOL = "_ZN20SafepointSynchronize18_safepoint_counterE";
    private static final String ANCHOR = "JNI_CreateJavaVM";
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private static final int PT_LOAD = 1;
    private static final int PF_W = 2;
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int STT_OBJECT = 1;
    private static final int STT_FUNC = 2;
    private static final int SYM_SIZE = 24;
    private static final int CHUNK = 1 << 16;

    /** The counter (8 bytes), or null when it could not be found or trusted. */
    final MemorySegment counter;
    /** Where the counter was found, or why it was not. */
    final String description;

    private SafepointCounter(MemorySegment counter, String description) {
        this.counter = counter;
        this.description = description;
    }

    boolean available() {
        return counter != null;
    }

    long read() {
        return (long) LONG.getVolatile(counter, 0L);
    }

    /** Finds the counter in this JVM, checks it moves as a safepoint counter moves; never throws. */
    static SafepointCounter find() {
        return find(null);
    }

    /** The same, reading the symbols from {@code elf} instead of the libjvm.so this JVM mapped (for tests). */
    static SafepointCounter find(Path elf) {
        try {
            return locate(elf);
        } catch (IOException | RuntimeException | Error e) {
            return new SafepointCounter(null, "cannot read libjvm.so: " + e);
        }
    }

    record Mapping(long start, long end, String perms, long offset, String path) {

        /**
         * One line of /proc/self/maps, {@code start-end perms offset dev inode [path]}: the five
         * fields are separated by one space each, the path follows padding. By hand, not
         * String.split: a regular expression compiled per line cost ~8 ms of the rehearsal's
         * thread under -Xint, for a JVM's few hundred lines.
         */
        static Mapping parse(String line) {
            int dash = line.indexOf('-');
            int perms = line.indexOf(' ', dash) + 1;
            int offset = line.indexOf(' ', perms) + 1;
            int dev = line.indexOf(' ', offset) + 1;
            int inode = line.indexOf(' ', dev) + 1;
            int afterInode = line.indexOf(' ', inode);
            return new Mapping(Long.parseUnsignedLong(line, 0, dash, 16), Long.parseUnsignedLong(line, dash + 1, perms - 1, 16),
                    line.substring(perms, offset - 1), Long.parseUnsignedLong(line, offset, dev - 1, 16),
                    afterInode < 0 ? "" : line.substring(afterInode).strip());
        }
    }

    private static SafepointCounter locate(Path elfOverride) throws IOException {
        List<Mapping> all = new ArrayList<>();
        List<Mapping> jvm = new ArrayList<>();
        try (BufferedReader maps = new BufferedReader(new FileReader("/proc/self/maps", StandardCharsets.ISO_8859_1))) {
            for (String line; (line = maps.readLine()) != null; ) {
                Mapping m = Mapping.parse(line);
                all.add(m);
                if (m.path().endsWith("/libjvm.so")) {
                    jvm.add(m);
                }
            }
        }
        if (jvm.isEmpty()) {
            return new SafepointCounter(null, "libjvm.so is not mapped in this process");
        }
        String path = elfOverride != null ? elfOverride.toString() : jvm.get(0).path();
        long base = Long.MAX_VALUE;
        for (Mapping m : jvm) {
            if (m.offset() == 0 && m.start() < base) {
                base = m.start();
            }
        }

        long counterValue;
        long anchorValue;
        boolean inWritableSegment = false;
        try (RandomAccessFile elf = new RandomAccessFile(path, "r")) {
            byte[] header = new byte[64];
            elf.readFully(header);
            if (header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F'
                    || header[4] != 2 || header[5] != 1) {
                return new SafepointCounter(null, path + " is not a 64-bit little-endian ELF file");
            }
            // the counter must lie in a writable PT_LOAD segment (.data or .bss: the part of .bss
            // beyond the file is an anonymous mapping, so /proc/self/maps alone cannot tell)
            long phoff = le(header, 0x20, 8);
            int phentsize = (int) le(header, 0x36, 2);
            int phnum = (int) le(header, 0x38, 2);
            byte[] segments = new byte[phnum * phentsize];
            elf.seek(phoff);
            elf.readFully(segments);
            long shoff = le(header, 0x28, 8);
            int shentsize = (int) le(header, 0x3A, 2);
            int shnum = (int) le(header, 0x3C, 2);
            byte[] sections = new byte[shnum * shentsize];
            elf.seek(shoff);
            elf.readFully(sections);
            int symtab = -1;
            int dynsym = -1;
            for (int i = 0; i < shnum; i++) {
                int type = (int) le(sections, i * shentsize + 4, 4);
                if (type == SHT_SYMTAB) {
                    symtab = i;
                } else if (type == SHT_DYNSYM) {
                    dynsym = i;
                }
            }
            if (symtab < 0) {
                return new SafepointCounter(null, path + " has no .symtab (stripped)");
            }
            counterValue = findSymbol(elf, sections, shentsize, symtab, SYMBOL, STT_OBJECT, 8);
            anchorValue = findSymbol(elf, sections, shentsize, dynsym >= 0 ? dynsym : symtab, ANCHOR, STT_FUNC, -1);
            for (int i = 0; i < phnum; i++) {
                int at = i * phentsize;
                long vaddr = le(segments, at + 0x10, 8);
                long memsz = le(segments, at + 0x28, 8);
                if (le(segments, at, 4) == PT_LOAD && (le(segments, at + 4, 4) & PF_W) != 0
                        && counterValue >= vaddr && counterValue + 8 <= vaddr + memsz) {
                    inWritableSegment = true;
                }
            }
        }
        if (counterValue == 0 || anchorValue == 0) {
            return new SafepointCounter(null, path + ": " + (counterValue == 0 ? SYMBOL : ANCHOR) + " not in its symbol table");
        }

        // the library this JVM runs on (already loaded: dlopen only finds it), never another file
        long anchorAddress = SymbolLookup.libraryLookup(Path.of(jvm.get(0).path()), Arena.global()).find(ANCHOR)
                .orElseThrow().address();
        long bias = anchorAddress - anchorValue;
        if (bias != base) {
            return new SafepointCounter(null, path + ": load bias from " + ANCHOR + " (0x" + Long.toHexString(bias)
                    + ") is not the mapping's base (0x" + Long.toHexString(base) + ")");
        }
        long address = bias + counterValue;
        boolean writable = false;
        for (Mapping m : all) {
            writable |= address >= m.start() && address + 8 <= m.end() && m.perms().startsWith("rw");
        }
        if (!inWritableSegment || !writable) {
            return new SafepointCounter(null, path + ": " + SYMBOL + " at 0x" + Long.toHexString(address)
                    + " is not in a writable segment of the library");
        }
        SafepointCounter c = new SafepointCounter(MemorySegment.ofAddress(address).reinterpret(8),
                SYMBOL + " at 0x" + Long.toHexString(address) + " (" + path + " .symtab, load bias 0x"
                        + Long.toHexString(bias) + ")");
        // Trust it only if a safepoint moves it as it must: even before, a larger even value after.
        long before = c.read();
        System.gc();
        long after = c.read();
        if ((before & 1) != 0 || (after & 1) != 0 || after < before + 2 || after - before > 1_000_000) {
            return new SafepointCounter(null, SYMBOL + " at 0x" + Long.toHexString(address)
                    + " did not move as a safepoint counter across System.gc() (" + before + " then " + after + ")");
        }
        return c;
    }

    /**
     * The value of the symbol {@code name} of the given type (and size, unless -1) in the
     * symbol table section {@code index}, or 0. Two sequential passes, in chunks: the symbol
     * table, keeping the entries of the right type and size (most entries cost a byte compare),
     * then the string table, comparing the names of those only.
     */
    private static long findSymbol(RandomAccessFile elf, byte[] sections, int shentsize, int index,
                                   String name, int type, long size) throws IOException {
        int at = index * shentsize;
        long offset = le(sections, at + 0x18, 8);
        long length = le(sections, at + 0x20, 8);
        int link = (int) le(sections, at + 0x28, 4);
        long strOffset = le(sections, link * shentsize + 0x18, 8);
        long strLength = le(sections, link * shentsize + 0x20, 8);
        byte[] wanted = (name + "\0").getBytes(StandardCharsets.US_ASCII);

        long[] names = new long[256];   // candidates: name offset, and value, side by side
        long[] values = new long[256];
        int candidates = 0;
        byte[] chunk = new byte[CHUNK - CHUNK % SYM_SIZE];
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(chunk.length, length - done);
            elf.seek(offset + done);
            elf.readFully(chunk, 0, n);
            for (int i = 0; i + SYM_SIZE <= n; i += SYM_SIZE) {
                if ((chunk[i + 4] & 0xf) != type || (size >= 0 && le(chunk, i + 16, 8) != size)) {
                    continue;
                }
                long nameAt = le(chunk, i, 4);
                if (nameAt + wanted.length > strLength) {
                    continue;
                }
                if (candidates == names.length) {
                    names = Arrays.copyOf(names, candidates * 2);
                    values = Arrays.copyOf(values, candidates * 2);
                }
                names[candidates] = nameAt;
                values[candidates] = le(chunk, i + 8, 8);
                candidates++;
            }
            done += n;
        }

        // the string table in chunks that overlap by the name's length, so that no name is cut
        byte[] strings = new byte[CHUNK + wanted.length];
        for (long from = 0; from < strLength; from += CHUNK) {
            int n = (int) Math.min(strings.length, strLength - from);
            elf.seek(strOffset + from);
            elf.readFully(strings, 0, n);
            for (int c = 0; c < candidates; c++) {
                long rel = names[c] - from;
                if (rel >= 0 && rel < CHUNK && rel + wanted.length <= n
                        && Arrays.equals(strings, (int) rel, (int) rel + wanted.length, wanted, 0, wanted.length)) {
                    return values[c];
                }
            }
        }
        return 0;
    }

    /** The little-endian unsigned value of {@code width} bytes at {@code at}. */
    private static long le(byte[] b, int at, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }
}
