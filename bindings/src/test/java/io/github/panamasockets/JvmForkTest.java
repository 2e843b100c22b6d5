/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JvmFork: HotSpot's safepoint counter found in libjvm.so's symbol table and moving as it must,
 * a stripped library refused (so a JVM without .symtab confirms every child), and, in JVMs of
 * their own, forks whose children run rehearsed paths, a child stuck in the JVM found, killed
 * and replaced, and the /proc verdicts on healthy children.
 */
@Timeout(120)
class JvmForkTest {

    @Test
    void theSafepointCounterIsFoundAndMovesAcrossASafepoint() {
        SafepointCounter counter = SafepointCounter.find();
        assertTrue(counter.available(), "this JDK's libjvm.so (Temurin keeps .symtab): " + counter.description);
        long before = counter.read();
        System.gc();
        long after = counter.read();
        assertEquals(0, before & 1, "even outside a safepoint");
        assertEquals(0, after & 1, "even outside a safepoint");
        assertTrue(after >= before + 2, "a GC is a safepoint: " + before + " then " + after);
    }

    @Test
    void aLibraryWithoutSymbolTableIsRefused() throws Exception {
        // a copy of this JVM's libjvm.so whose .symtab section header is turned into SHT_NULL, as
        // if stripped: the counter is not available, and JvmFork then confirms every child
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        Path copy = Files.createTempFile("libjvm-stripped", ".so");
        try {
            Files.copy(libjvm, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (RandomAccessFile elf = new RandomAccessFile(copy.toFile(), "rw")) {
                long shoff = Long.reverseBytes(readLong(elf, 0x28));
                int shentsize = Short.reverseBytes(readShort(elf, 0x3A)) & 0xffff;
                int shnum = Short.reverseBytes(readShort(elf, 0x3C)) & 0xffff;
                int patched = 0;
                for (int i = 0; i < shnum; i++) {
                    long type = shoff + (long) i * shentsize + 4;
                    elf.seek(type);
                    if (Integer.reverseBytes(elf.readInt()) == 2) {  // SHT_SYMTAB
                        elf.seek(type);
                        elf.writeInt(0);                            // SHT_NULL
                        patched++;
                    }
                }
                assertEquals(1, patched, "one .symtab in " + libjvm);
            }
            SafepointCounter counter = SafepointCounter.find(copy);
            assertFalse(counter.available());
            assertTrue(counter.description.contains("no .symtab"), counter.description);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static long readLong(RandomAccessFile f, long at) throws Exception {
        f.seek(at);
        return f.readLong();
    }

    private static short readShort(RandomAccessFile f, long at) throws Exception {
        f.seek(at);
        return f.readShort();
    }

    /** Runs JvmForkProbe in a JVM of its own, interpreted and with the serial GC, as the fork server runs. */
    private static NativeProbe.Result probe(List<String> options, String... args) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-Xint", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
        command.addAll(options);
        command.addAll(List.of("-cp", classPath, JvmForkProbe.class.getName()));
        command.addAll(List.of(args));
        return NativeProbe.run(command);
    }

    @Test
    void rehearsedChildrenRunAndEndWithTheirStatus() throws Exception {
        NativeProbe.Result r = probe(List.of(), "children", "30");
        assertEquals("30 children, 30 ended with status 7 (close(-1) failed with EBADF)\n"
                + "forks=30 stuck=0\n", r.stdout(), r.stderr());
        assertEquals(0, r.status(), r.stderr());
    }

    @Test
    void aChildStartsWithNoSignalPending() throws Exception {
        NativeProbe.Result r = probe(List.of(), "pending", "20");
        assertEquals("20 children, 20 ran no handler; the parent's handler ran 20 times\n", r.stdout(), r.stderr());
        assertEquals(0, r.status(), r.stderr());
    }

    @Test
    void theFallbackWithoutCounterConfirmsEveryChild() throws Exception {
        NativeProbe.Result r = probe(List.of("-Dio.github.panamasockets.fork.check=proc"), "children", "10");
        assertEquals("10 children, 10 ended with status 7 (close(-1) failed with EBADF)\n"
                + "forks=10 stuck=0\n", r.stdout(), r.stderr());
    }

    @Test
    void aStuckChildIsKilledAndTheForkMadeAgain() throws Exception {
        NativeProbe.Result r = probe(List.of("-Dio.github.panamasockets.fork.check=proc"), "stuck");
        assertEquals("while Slow is being initialised: fork() = -1, errno EAGAIN\n"
                + "after: the child ended with status 42\n"
                + "forks=" + (JvmFork.MAX_ATTEMPTS + 1) + " suspects=" + (JvmFork.MAX_ATTEMPTS + 1)
                + " stuck=" + JvmFork.MAX_ATTEMPTS + "\n", r.stdout(), r.stderr());
        assertEquals(0, r.status(), r.stderr());
    }

    @Test
    void aRehearsalsChildStateIsItsThreadsAlone() throws Exception {
        NativeProbe.Result r = probe(List.of(), "threads");
        assertEquals("rehearsal: fork() = 0, in child true, rehearsing true\n"
                + "waiting thread: in child false, rehearsing false\n"
                + "other thread: close(-1) = -1, errno 9, in child false, rehearsing false, perror is libc's true\n"
                + "after: in child false, rehearsing false\n", r.stdout(), r.stderr());
        assertEquals(0, r.status(), r.stderr());
    }

    @Test
    void healthyChildrenAreToldApartFromStuckOnes() throws Exception {
        NativeProbe.Result r = probe(List.of(), "verdicts");
        assertEquals("blocked in recv: HEALTHY\nended (a zombie): HEALTHY\nreaped (gone): HEALTHY\n", r.stdout(), r.stderr());
    }
}
