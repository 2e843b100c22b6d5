/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.github.panamasockets.generated.pthread_create$__start_routine;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static io.github.panamasockets.Sockets.*;
import static java.lang.foreign.MemorySegment.NULL;

/**
 * The Java side of benchmarks/thread-cost's thread lifecycle lane (native/jni/ThreadCost.c is C's):
 * in one JVM, pthread_create + pthread_join, one thread at a time, of a start routine that is
 * <ol start="0">
 * <li>libc's {@code free} (with NULL: the thread never enters the JVM),</li>
 * <li>an empty upcall stub (the thread attaches to the JVM on entry and detaches at its end),</li>
 * <li>an upcall that only makes the thread's errno state ({@code errno()}: a ThreadLocal and a
 *     capture segment in an automatic arena),</li>
 * <li>TCPEchoServerThread's ThreadMain without its pthread_detach (so that it can be joined):
 *     the argument taken and freed, a confined arena for the buffer, one recv() that returns 0
 *     on a socketpair end whose peer is closed, close(),</li>
 * </ol>
 * in blocks of {@code threads}, alternating, {@code rounds} rounds after one warm-up round; per
 * variant the median over rounds of the mean microseconds per create + join and, for 2 and 3, its
 * parts as ThreadCost.c prints them. Usage: {@code ThreadCost <threads> <rounds>}.
 */
public final class ThreadCost {

    private static volatile long tIn;  // when the last body began
    private static volatile long tOut; // and when it ended

    private ThreadCost() {
    }

    private static MemorySegment empty(MemorySegment arg) {
        return NULL;
    }

    private static MemorySegment errnoOnly(MemorySegment arg) {
        tIn = System.nanoTime();
        errno();
        tOut = System.nanoTime();
        return NULL;
    }

    private static MemorySegment threadMain(MemorySegment threadArgs) {
        tIn = System.nanoTime();
        int clntSock = threadArgs.reinterpret(C_INT.byteSize()).get(C_INT, 0); // as the twin's ThreadArgs.clntSock
        free(threadArgs);
        try (Arena stack = Arena.ofConfined()) {
            MemorySegment echoBuffer = stack.allocate(32);
            if (recv(clntSock, echoBuffer, 32, 0) != 0) { // the peer is closed: HandleTCPClient's loop never runs
                throw new IllegalStateException("recv() did not see the end");
            }
            close(clntSock);
        }
        tOut = System.nanoTime();
        return NULL;
    }

    public static void main(String[] args) {
        int n;
        int rounds;
        try {
            n = Integer.parseInt(args[0]);
            rounds = Integer.parseInt(args[1]);
        } catch (RuntimeException e) {
            System.err.println("Usage: ThreadCost <threads> <rounds>");
            System.exit(1);
            return;
        }
        String[] names = {"native", "upcall", "errno", "threadmain"};
        MemorySegment[] starts = {
            Linker.nativeLinker().defaultLookup().find("free").orElseThrow(),
            pthread_create$__start_routine.allocate(ThreadCost::empty, Arena.global()),
            pthread_create$__start_routine.allocate(ThreadCost::errnoOnly, Arena.global()),
            pthread_create$__start_routine.allocate(ThreadCost::threadMain, Arena.global()),
        };
        MemorySegment tid = Arena.global().allocate(pthread_t);
        MemorySegment sv = Arena.global().allocate(C_INT, 2);
        long[][] per = new long[4][rounds];
        long[][] in = new long[4][rounds];
        long[][] out = new long[4][rounds];
        for (int r = -1; r < rounds; r++) { // round -1 warms up
            for (int k = 0; k < 4; k++) {
                long sum = 0;
                long sumIn = 0;
                long sumOut = 0;
                for (int i = 0; i < n; i++) {
                    MemorySegment threadArgs;
                    if (socketpair(AF_UNIX(), SOCK_STREAM(), 0, sv) != 0 || (threadArgs = malloc(C_INT.byteSize())).equals(NULL)) {
                        throw new IllegalStateException("socketpair() or malloc() failed");
                    }
                    close(sv.getAtIndex(C_INT, 1)); // the body's recv() sees the end at once
                    threadArgs.reinterpret(C_INT.byteSize()).set(C_INT, 0, sv.getAtIndex(C_INT, 0));
                    long t0 = System.nanoTime();
                    if (pthread_create(tid, NULL, starts[k], k == 3 ? threadArgs : NULL) != 0
                            || pthread_join(tid.get(pthread_t, 0), NULL) != 0) {
                        throw new IllegalStateException("pthread_create() or pthread_join() failed");
                    }
                    long t1 = System.nanoTime();
                    sum += t1 - t0;
                    if (k >= 2) {
                        sumIn += tIn - t0;
                        sumOut += t1 - tOut;
                    }
                    if (k != 3) {
                        close(sv.getAtIndex(C_INT, 0));
                        free(threadArgs);
                    }
                }
                if (r >= 0) {
                    per[k][r] = sum / n;
                    in[k][r] = sumIn / n;
                    out[k][r] = sumOut / n;
                }
            }
        }
        for (int k = 0; k < 4; k++) {
            double all = median(per[k]);
            String parts = k < 2 ? "" : String.format(" create_to_entry_us=%.1f body_us=%.1f exit_to_joined_us=%.1f",
                    median(in[k]), all - median(in[k]) - median(out[k]), median(out[k]));
            System.out.printf("lane=java variant=%s us=%.1f%s%n", names[k], all, parts);
        }
    }

    private static double median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2] / 1e3;
    }
}
