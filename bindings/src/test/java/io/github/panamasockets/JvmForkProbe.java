/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CountDownLatch;

import static io.github.panamasockets.generated.sockets_h.*;

/**
 * The Java side of {@link JvmForkTest}: {@link JvmFork} in a JVM of its own (interpreted, as the
 * fork server runs), since a fork copies the whole JVM and a test JVM is busy. Prints one line
 * per finding; the test compares them.
 */
public final class JvmForkProbe {

    private JvmForkProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "children" -> children(Integer.parseInt(args[1]));
            case "pending" -> pending(Integer.parseInt(args[1]));
            case "stuck" -> stuck();
            case "verdicts" -> verdicts();
            case "threads" -> threads();
            default -> throw new IllegalArgumentException(args[0]);
        }
        fflush(MemorySegment.NULL);
        JvmFork._exit(0);
    }

    /** A child's whole path: a failing call (its errno must be C's), then _exit with what it saw. */
    private static final int[] HANDLED = {0};

    /**
     * A SIGUSR1 recorded (raised through the header class: no dispatch) before each fork: the
     * child's C-view call must not run the parent's handler (a C child starts with nothing
     * pending); the parent's next call runs it, once a fork.
     */
    private static void pending(int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment act = Sockets.sigaction.allocate(arena);
            Sockets.sa_handler(act, sig -> HANDLED[0]++);
            if (Sockets.sigaction(SIGUSR1(), act, MemorySegment.NULL) != 0) {
                System.out.println("sigaction failed");
                return;
            }
            JvmFork.rehearse(200, () -> {
                if (JvmFork.fork() == 0) {
                    pendingChild();
                }
            });
            MemorySegment status = arena.allocate(C_INT);
            int clean = 0;
            for (int i = 0; i < n; i++) {
                raise(SIGUSR1());  // recorded, not dispatched: sockets_h's raise does not poll
                int pid = JvmFork.fork();
                if (pid == 0) {
                    pendingChild();
                }
                if (pid < 0 || Sockets.waitpid(pid, status, 0) != pid) {
                    System.out.println("fork or waitpid failed: errno " + Errno.errno());
                    return;
                }
                int s = status.get(C_INT, 0);
                clean += (s & 0x7f) == 0 && ((s >> 8) & 0xff) == 0 ? 1 : 0;
            }
            System.out.println(n + " children, " + clean + " ran no handler; the parent's handler ran " + HANDLED[0] + " times");
        }
    }

    private static void pendingChild() {
        int before = HANDLED[0];
        Sockets.close(-1);  // a C-view call: it would dispatch what is pending
        JvmFork._exit(HANDLED[0] - before);
    }

    private static void childPath() {
        int r = Sockets.close(-1);
        JvmFork._exit(r == -1 && Errno.errno() == 9 /* EBADF */ ? 7 : 8);
    }

    /** n children, each rehearsed, each checked by its exit status. */
    private static void children(int n) {
        JvmFork.rehearse(200, () -> {
            if (JvmFork.fork() == 0) {
                childPath();
            }
        });
        int sevens = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(C_INT);
            for (int i = 0; i < n; i++) {
                int pid = JvmFork.fork();
                if (pid == 0) {
                    childPath();
                }
                if (pid < 0 || Sockets.waitpid(pid, status, 0) != pid) {
                    System.out.println("fork or waitpid failed: errno " + Errno.errno());
                    return;
                }
                int s = status.get(C_INT, 0);
                sevens += (s & 0x7f) == 0 && ((s >> 8) & 0xff) == 7 ? 1 : 0;
            }
        }
        System.out.println(n + " children, " + sevens + " ended with status 7 (close(-1) failed with EBADF)");
        System.out.println(JvmFork.statistics().replaceAll("suspects=\\d+ ", "").replaceAll(" undecided=\\d+", ""));
    }

    /**
     * A rehearsal's stand-ins and child state are its thread's: while its path runs, another
     * thread's failing call still captures errno, and its fork(), _exit() and perror() are libc's.
     */
    private static void threads() throws Exception {
        Errno.Capture waiting = Errno.capture(); // the thread that waits for the rehearsal
        String[] seen = new String[3];
        JvmFork.rehearse(2, () -> {
            int pid = JvmFork.fork();
            seen[0] = "rehearsal: fork() = " + pid + ", in child " + Errno.capture().inChild()
                    + ", rehearsing " + JvmFork.rehearsing();
            seen[1] = "waiting thread: in child " + waiting.inChild() + ", rehearsing " + waiting.rehearsing;
            Thread other = Thread.ofPlatform().start(() -> {
                int r = Sockets.close(-1);
                seen[2] = "other thread: close(-1) = " + r + ", errno " + Errno.errno() + ", in child "
                        + Errno.capture().inChild() + ", rehearsing " + JvmFork.rehearsing()
                        + ", perror is libc's " + (Errno.capture().perrorCall() == Errno.Perror.handle);
            });
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        for (String line : seen) {
            System.out.println(line);
        }
        System.out.println("after: in child " + waiting.inChild() + ", rehearsing " + JvmFork.rehearsing());
    }

    /** Initialised by another thread for a while: a child that touches it waits for that thread forever. */
    static final class Slow {
        static final int VALUE;

        static {
            SLOW_STARTED.countDown();
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            VALUE = 42;
        }

        private Slow() {
        }
    }

    static final CountDownLatch SLOW_STARTED = new CountDownLatch(1);

    /**
     * Every fork is a suspect here (-Dio.github.panamasockets.fork.check=proc): while another
     * thread initialises Slow, each child blocks on its initialisation lock and is found stuck,
     * killed and replaced, until fork() gives up with EAGAIN; once Slow is initialised, a child
     * goes through.
     */
    private static void stuck() throws Exception {
        JvmFork.rehearse(200, () -> {
            if (JvmFork.fork() == 0) {
                JvmFork._exit(0);
            }
        });
        Thread initialiser = Thread.ofPlatform().start(() -> {
            if (Slow.VALUE != 42) {
                throw new AssertionError("Slow.VALUE");
            }
        });
        SLOW_STARTED.await();
        int pid = JvmFork.fork();
        if (pid == 0) {
            JvmFork._exit(Slow.VALUE);
        }
        System.out.println("while Slow is being initialised: fork() = " + pid + ", errno "
                + (Errno.errno() == EAGAIN() ? "EAGAIN" : Integer.toString(Errno.errno())));
        initialiser.join();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(C_INT);
            pid = JvmFork.fork();
            if (pid == 0) {
                JvmFork._exit(Slow.VALUE);
            }
            Sockets.waitpid(pid, status, 0);
            System.out.println("after: the child ended with status " + ((status.get(C_INT, 0) >> 8) & 0xff));
        }
        System.out.println(JvmFork.statistics().replaceAll(" undecided=\\d+", ""));
    }

    /** ChildState's verdict on a child blocked in recv (healthy) and on one that has ended (healthy). */
    private static void verdicts() throws Exception {
        try (Arena arena = Arena.ofShared()) {  // used by JvmFork's rehearsal thread too
            MemorySegment pair = arena.allocate(C_INT, 2);
            MemorySegment buf = arena.allocate(8);
            socketpair(AF_UNIX(), SOCK_STREAM(), 0, pair);
            JvmFork.rehearse(200, () -> {
                if (JvmFork.fork() == 0) {
                    Sockets.recv(-1, buf, 1, 0);
                    JvmFork._exit(0);
                }
            });
            int a = pair.getAtIndex(C_INT, 0);
            int b = pair.getAtIndex(C_INT, 1);
            int pid = JvmFork.fork();
            if (pid == 0) {
                Sockets.recv(a, buf, 1, 0);   // blocks until the parent sends
                JvmFork._exit(0);
            }
            Thread.sleep(200);
            System.out.println("blocked in recv: " + ChildState.verdict(pid));
            Sockets.send(b, buf, 1, 0);
            Sockets.waitpid(pid, MemorySegment.NULL, 0);
            pid = JvmFork.fork();
            if (pid == 0) {
                JvmFork._exit(3);
            }
            Thread.sleep(200);
            System.out.println("ended (a zombie): " + ChildState.verdict(pid));
            Sockets.waitpid(pid, MemorySegment.NULL, 0);
            System.out.println("reaped (gone): " + ChildState.verdict(pid));
        }
    }
}
