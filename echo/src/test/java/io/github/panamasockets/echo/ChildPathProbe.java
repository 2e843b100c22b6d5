/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.JvmFork;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * The Java side of {@link ChildPathTest}, run with the fork server's JVM flags: the fork server's
 * rehearsal of its child's path, then more rehearsals, each measured. A rehearsal run is the
 * child's path with stand-ins for fork() and _exit(); of what it allocates, only the fork()
 * downcall's own is the parent's (the linker slices the errno capture segment before the call,
 * before any child exists). So every run after the rehearsal must allocate exactly what fork()
 * alone does, and load no class.
 */
public final class ChildPathProbe {

    private ChildPathProbe() {
    }

    public static void main(String[] args) {
        int measured = Integer.parseInt(args[0]);
        boolean sigchld = args.length > 1 && args[1].equals("sigchld"); // TCPEchoServer-Fork-SIGCHLD's child path
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        threads.getCurrentThreadAllocatedBytes();
        classes.getTotalLoadedClassCount();

        if (sigchld) {
            TCPEchoServerForkSIGCHLD.prepareChildPath(); // what main() does before socket()
        } else {
            TCPEchoServerFork.prepareChildPath();
        }

        long[] forkAlone = new long[1];
        JvmFork.rehearse(1, () -> {
            for (int i = 0; i < 20; i++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                JvmFork.fork();                      // returns 0 in a rehearsal
                forkAlone[0] = Math.max(forkAlone[0], threads.getCurrentThreadAllocatedBytes() - before);
            }
        });

        Runnable run = sigchld ? TCPEchoServerForkSIGCHLD.childPathRehearsal() : TCPEchoServerFork.childPathRehearsal();
        long[] most = new long[1];
        long[] loaded = new long[1];
        JvmFork.rehearse(1, () -> {
            // runs of its own first: childPathRehearsal() made a new closure, with handles of its own to warm
            for (int i = 0; i < TCPEchoServerFork.REHEARSALS; i++) {
                run.run();
            }
            long classesBefore = classes.getTotalLoadedClassCount();
            for (int i = 0; i < measured; i++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                run.run();
                most[0] = Math.max(most[0], threads.getCurrentThreadAllocatedBytes() - before - forkAlone[0]);
            }
            loaded[0] = classes.getTotalLoadedClassCount() - classesBefore;
        });
        System.out.println("fork() alone: " + (forkAlone[0] > 0 ? "allocates" : "allocates nothing"));
        System.out.println(measured + " runs of the child's path: at most " + most[0] + " bytes allocated beyond fork(), "
                + loaded[0] + " classes loaded");
    }
}
