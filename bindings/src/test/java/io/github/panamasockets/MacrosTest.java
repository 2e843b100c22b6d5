/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.LayoutProbe.Check;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.github.panamasockets.Sockets.*;

/**
 * The hand-written stand-ins for C's function-like and pointer macros (Sockets: FD_ZERO, FD_SET,
 * FD_CLR, FD_ISSET, SIG_DFL, SIG_IGN, SIG_ERR, sa_handler, sa_sigaction, s6_addr) against the
 * macros themselves: gcc runs the same steps with glibc's macros and the bytes must agree.
 */
class MacrosTest {

    @TempDir
    static Path work;
    static final List<Check> fdChecks = new ArrayList<>();
    static final List<Check> signalChecks = new ArrayList<>();
    static final List<Check> in6Checks = new ArrayList<>();
    static Map<Check, Long> c;

    /** Set, then cleared: the edges of the fd_set's 64-bit words and its last descriptor. */
    static final int[] SET = {0, 3, 62, 63, 64, 65, 127, 128, 511, 1023};
    static final int[] CLEARED = {3, 64, 1023};
    static final int[] ASKED = {0, 1, 3, 62, 63, 64, 65, 66, 127, 128, 511, 512, 1022, 1023};

    @BeforeAll
    static void runProbe() throws Exception {
        // C: the set starts as all ones, so that FD_ZERO has something to clear
        String steps = "fd_set s; memset(&s, 0xff, sizeof s); FD_ZERO(&s); "
                + IntStream.of(SET).mapToObj(fd -> "FD_SET(" + fd + ", &s); ").collect(Collectors.joining())
                + IntStream.of(CLEARED).mapToObj(fd -> "FD_CLR(" + fd + ", &s); ").collect(Collectors.joining());
        for (long word = 0; word < fd_set.sizeof() / Long.BYTES; word++) {
            long offset = word * Long.BYTES;
            fdChecks.add(check("fd_set word " + word, "({ " + steps + "long w; memcpy(&w, (char *) &s + " + offset
                    + ", sizeof w); w; })", () -> fdSet().get(C_LONG, offset)));
        }
        for (int fd : ASKED) {
            fdChecks.add(check("FD_ISSET(" + fd + ")", "({ " + steps + "FD_ISSET(" + fd + ", &s) != 0; })",
                    () -> FD_ISSET(fd, fdSet()) ? 1L : 0L));
        }

        signalChecks.add(check("SIG_DFL()", "(long) SIG_DFL", () -> SIG_DFL().address()));
        signalChecks.add(check("SIG_IGN()", "(long) SIG_IGN", () -> SIG_IGN().address()));
        signalChecks.add(check("SIG_ERR()", "(long) SIG_ERR", () -> SIG_ERR().address()));
        // every word of a zeroed struct sigaction after the macro's assignment: the handler lands where C's does
        for (long word = 0; word < sigaction.sizeof() / Long.BYTES; word++) {
            long offset = word * Long.BYTES;
            signalChecks.add(check("sa_handler = 0x1234, word " + word,
                    actWord("a.sa_handler = (__sighandler_t) 0x1234;", offset),
                    () -> act(a -> sa_handler(a, MemorySegment.ofAddress(0x1234))).get(C_LONG, offset)));
            signalChecks.add(check("sa_sigaction = 0x5678, word " + word,
                    actWord("a.sa_sigaction = (void (*)(int, siginfo_t *, void *)) 0x5678;", offset),
                    () -> act(a -> sa_sigaction(a, MemorySegment.ofAddress(0x5678))).get(C_LONG, offset)));
        }
        // reading: the union's two names share the place
        signalChecks.add(check("sa_handler after sa_sigaction = 0x5678",
                "({ struct sigaction a; memset(&a, 0, sizeof a); a.sa_sigaction = (void (*)(int, siginfo_t *, void *)) 0x5678; "
                        + "(long) a.sa_handler; })",
                () -> sa_handler(act(a -> sa_sigaction(a, MemorySegment.ofAddress(0x5678)))).address()));

        in6Checks.add(check("s6_addr's offset", "offsetof(struct in6_addr, s6_addr)", () -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment in6 = in6_addr.allocate(arena);
                return s6_addr(in6).address() - in6.address();
            }
        }));
        in6Checks.add(check("s6_addr's size", "sizeof(((struct in6_addr *) 0)->s6_addr)", () -> {
            try (Arena arena = Arena.ofConfined()) {
                return s6_addr(in6_addr.allocate(arena)).byteSize();
            }
        }));
        for (int i = 0; i < 16; i++) {
            long index = i;
            in6Checks.add(check("in6addr_loopback.s6_addr[" + i + "]", "in6addr_loopback.s6_addr[" + i + "]",
                    () -> Byte.toUnsignedLong(s6_addr(in6addr_loopback()).get(C_CHAR, index))));
        }

        List<Check> all = new ArrayList<>(fdChecks);
        all.addAll(signalChecks);
        all.addAll(in6Checks);
        c = LayoutProbe.run(all, List.of(), work);
    }

    /** A check whose C expression uses glibc's macros (sa_handler is one too); compared as 64 bits. */
    private static Check check(String java, String cExpression, Callable<Long> value) {
        return new Check(java, cExpression, true, 64, value);
    }

    /** The Java steps of the C set above, on a fresh fd_set. */
    private static MemorySegment fdSet() {
        MemorySegment set = fd_set.allocate(Arena.ofAuto());
        set.fill((byte) 0xff);
        FD_ZERO(set);
        for (int fd : SET) {
            FD_SET(fd, set);
        }
        for (int fd : CLEARED) {
            FD_CLR(fd, set);
        }
        return set;
    }

    private static String actWord(String assignment, long offset) {
        return "({ struct sigaction a; memset(&a, 0, sizeof a); " + assignment
                + " long w; memcpy(&w, (char *) &a + " + offset + ", sizeof w); w; })";
    }

    /** A zeroed struct sigaction after the given assignment. */
    private static MemorySegment act(Consumer<MemorySegment> assignment) {
        MemorySegment act = sigaction.allocate(Arena.ofAuto());
        assignment.accept(act);
        return act;
    }

    @TestFactory
    List<DynamicTest> fdSetMacrosAreGlibcs() {
        return LayoutProbe.dynamicTests(fdChecks, c);
    }

    @TestFactory
    List<DynamicTest> signalMacrosAreGlibcs() {
        return LayoutProbe.dynamicTests(signalChecks, c);
    }

    @TestFactory
    List<DynamicTest> s6AddrIsGlibcs() {
        return LayoutProbe.dynamicTests(in6Checks, c);
    }
}
