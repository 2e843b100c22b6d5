/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.JvmFork;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * The Java side of {@link TCPEchoServerForkNTest}'s allocation check, run with the ForkN
 * launcher's JVM flags: TCPEchoServer-ForkN's rehearsal, then many more turns of its child's
 * path (accept, printf, echo, with a client of its own each), each measured with the thread's
 * allocated-bytes counter. Of a turn, only the stand-in fork() allocates (its errno capture,
 * made in the parent before any child exists; {@link ChildPathProbe}), so every turn must
 * allocate exactly what fork() alone does, and load no class: a child serves any number of
 * clients without ever needing a TLAB or a class.
 */
public final class ForkNChildPathProbe {

    private ForkNChildPathProbe() {
    }

    public static void main(String[] args) {
        int measured = Integer.parseInt(args[0]);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        threads.getCurrentThreadAllocatedBytes();
        classes.getTotalLoadedClassCount();

        TCPEchoServerForkN.prepareChildPath();      // what main() does before socket()

        long[] forkAlone = new long[1];
        JvmFork.rehearse(1, () -> {
            forkAlone[0] = Long.MAX_VALUE;
            for (int i = 0; i < 200; i++) {          // its steady state: the least of many
                long before = threads.getCurrentThreadAllocatedBytes();
                JvmFork.fork();                      // returns 0 in a rehearsal
                forkAlone[0] = Math.min(forkAlone[0], threads.getCurrentThreadAllocatedBytes() - before);
            }
        });

        Runnable turn = TCPEchoServerForkN.childPathRehearsal();
        long[] most = {Long.MIN_VALUE};
        long[] total = new long[1];
        long[] loaded = new long[1];
        JvmFork.rehearse(1, () -> {
            // turns of its own first: childPathRehearsal() made a new closure, with handles of its own to warm
            for (int i = 0; i < TCPEchoServerForkN.REHEARSALS; i++) {
                turn.run();
            }
            long classesBefore = classes.getTotalLoadedClassCount();
            for (int i = 0; i < measured; i++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                turn.run();
                long bytes = threads.getCurrentThreadAllocatedBytes() - before;  // fork() included
                most[0] = Math.max(most[0], bytes - forkAlone[0]);
                total[0] += bytes;
            }
            loaded[0] = classes.getTotalLoadedClassCount() - classesBefore;
        });
        System.out.println("fork() alone: " + (forkAlone[0] > 0 ? "allocates" : "allocates nothing"));
        System.out.println(measured + " turns of the child's path: at most " + most[0] + " bytes allocated beyond fork(), "
                + total[0] + " bytes in all (fork() included), " + loaded[0] + " classes loaded");
    }
}
