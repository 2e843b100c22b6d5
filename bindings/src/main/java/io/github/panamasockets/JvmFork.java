/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockets_c;
import io.github.panamasockets.generated.sockets_h;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

import static java.lang.foreign.MemorySegment.NULL;

/**
 * {@code fork()} for a Java program, and what its child may call. Why a JVM's child can hang, the
 * recipe that prevents it ({@link #rehearse}, {@link #fork}, {@link #_exit}), what each piece was
 * measured to do and the {@code -Dio.github.panamasockets.fork.*} switches: docs/fork-in-a-jvm.md.
 */
public final class JvmFork {

    private static final String PREFIX = "io.github.panamasockets.fork.";
    static final boolean CRITICAL = !"false".equals(System.getProperty(PREFIX + "critical"));
    static final String CHECK = System.getProperty(PREFIX + "check", "counter");
    private static final String LOG = System.getProperty(PREFIX + "log");
    static final boolean PLAIN_CHILD_CALLS = !"capturing".equals(System.getProperty(PREFIX + "childCalls"));

    /** How many times a fork whose child was stuck is made again before fork() fails with EAGAIN. */
    static final int MAX_ATTEMPTS = 10;

    /**
     * The downcalls fork() and the rehearsal use, linked when first needed (on the rehearsal's
     * thread, or at the first fork), not when a fork server makes its rehearsal's thread before
     * socket(): each shape linked costs milliseconds on the program's way to listen()
     * (benchmarks/README.md, section 4b).
     */
    private static final class Calls {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final SymbolLookup LIBC = LINKER.defaultLookup();
        private static final Linker.Option[] FORK_OPTIONS = CRITICAL
                ? new Linker.Option[] {Linker.Option.critical(false), Linker.Option.captureCallState("errno")}
                : new Linker.Option[] {Linker.Option.captureCallState("errno")};

        static final MethodHandle REAL_FORK =
                LINKER.downcallHandle(sockets_h.fork$address(), sockets_h.fork$descriptor(), FORK_OPTIONS);
        static final MethodHandle REAL_EXIT = sockets_h._exit$handle();

        // Stand-ins for the rehearsal: harmless functions with the very same descriptor and options,
        // so that they run through the same call sites, method handle forms and downcall stubs.
        static final MethodHandle FORK_STAND_IN =
                LINKER.downcallHandle(sockets_h.getpid$address(), sockets_h.fork$descriptor(), FORK_OPTIONS);
        static final MethodHandle EXIT_STAND_IN =
                LINKER.downcallHandle(LIBC.find("srand").orElseThrow(), sockets_h._exit$descriptor());
        /** free(NULL), whatever the argument: perror's shape, (char *) -> void, printing nothing. */
        static final MethodHandle PERROR_STAND_IN = MethodHandles.dropArguments(
                MethodHandles.insertArguments(
                        LINKER.downcallHandle(LIBC.find("free").orElseThrow(), sockets_h.perror$descriptor()), 0, NULL),
                0, MemorySegment.class);
    }

    /** HotSpot's safepoint counter (found by {@link #prepare}); null when the check is not the counter's. */
    private static SafepointCounter counter;
    private static volatile boolean prepared;
    private static OutputStream logOut;

    private static long forks;
    private static long suspects;
    private static long stuck;
    private static long undecided;

    private JvmFork() {
    }

    /**
     * Finds the safepoint counter and links everything {@link #fork} needs, before a program's
     * first fork; a rehearsal's thread calls it first. Returns what {@link #status} returns.
     */
    public static synchronized String prepare() {
        if (!prepared) {
            logOut = openLog();
            if (!"none".equals(CHECK) && !"proc".equals(CHECK)) {
                counter = SafepointCounter.find();
            }
            // what the parent's side of a suspect fork calls, once: the confirmation on this
            // process (it is running, so one sample is all there is), kill with signal 0 (a check
            // that sends nothing), waitpid with no child yet (ECHILD)
            ChildState.sample(getpid());
            LockSupport.parkNanos(1_000);
            sockets_h.kill(getpid(), 0);
            sockets_c.waitpid(-1, NULL, sockets_h.WNOHANG());
            prepared = true;
            log("prepared: " + status());
        }
        return status();
    }

    /** How forks are checked in this JVM: where the safepoint counter is, or why every fork is confirmed. */
    public static String status() {
        String fork = CRITICAL ? "critical fork" : "non-critical fork";
        return switch (CHECK) {
            case "none" -> fork + ", no check";
            case "proc" -> fork + ", every child confirmed through /proc";
            default -> !prepared ? fork + ", not prepared yet"
                    : counter.available()
                    ? fork + ", safepoint overlap from " + counter.description
                    : fork + ", every child confirmed through /proc: " + counter.description;
        };
    }

    /**
     * {@code fork()}, made safe for a JVM as described above: returns the child's pid in the
     * parent, 0 in the child, or -1 with {@link Errno#errno()} set (EAGAIN after
     * {@value #MAX_ATTEMPTS} stuck children in a row).
     */
    public static int fork() {
        awaitRehearsal(); // a rehearsal started ahead ends before the first child is made
        SignalDispatch.awaitPrepared(); // and so does the signal recorder's loading (ProgramSignals.receive)
        if (!prepared) {
            prepare();  // a program that did not rehearse: at least the counter and the confirmation
        }
        Errno.Capture state = Errno.capture(); // this thread's: a rehearsal on another thread changes nothing here
        Errno.prepareThread(); // what its child will use of it, made before the child exists: the child allocates nothing
        exitCall(state);
        for (int attempt = 1; ; attempt++) {
            long before = 0;
            if (counter != null && counter.available()) {
                // odd: a safepoint is being reached or is in progress; the loop's safepoint poll
                // stops this thread until it is over
                while (((before = counter.read()) & 1) != 0) {
                    Thread.onSpinWait();
                }
            }
            int pid = invokeFork(state);
            if (pid == 0 || state.rehearsing) {
                SignalDispatch.forkedChild(!state.rehearsing); /* a C child starts with no signal pending (rehearsed too) */
                state.child = PLAIN_CHILD_CALLS; /* the child's calls allocate nothing from here on */
                return 0;                        /* the child (or, in a rehearsal, its stand-in) */
            }
            if (pid < 0) {
                return pid;
            }
            forks++;
            if (!suspect(before)) {
                return pid;
            }
            suspects++;
            long started = System.nanoTime();
            ChildState.Verdict verdict = ChildState.verdict(pid);
            long micros = (System.nanoTime() - started) / 1000;
            if (verdict == ChildState.Verdict.UNDECIDED) {
                undecided++;
            }
            if (verdict != ChildState.Verdict.STUCK) {
                log("suspect " + pid + " " + verdict + " after " + micros + " us (" + ChildState.lastSample + ")");
                return pid;
            }
            stuck++;
            sockets_h.kill(pid, sockets_h.SIGKILL());
            sockets_c.waitpid(pid, NULL, 0);
            log("suspect " + pid + " STUCK after " + micros + " us (" + ChildState.lastSample
                    + "): killed, reaped, forking again (attempt " + (attempt + 1) + ")");
            if (attempt == MAX_ATTEMPTS) {
                Errno.errno(sockets_h.EAGAIN());
                return -1;
            }
        }
    }

    private static boolean suspect(long before) {
        return switch (CHECK) {
            case "none" -> false;
            case "proc" -> true;
            default -> !counter.available() || (before & 1) != 0 || counter.read() != before;
        };
    }

    private static int invokeFork(Errno.Capture state) {
        try {
            return Errno.callCapturing(state, state.rehearsing ? Calls.FORK_STAND_IN : Calls.REAL_FORK);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /**
     * {@code _exit()}: ends the process at once, without the JVM's shutdown or libc's atexit
     * handlers. Call {@code fflush(NULL)} first to write what stdio holds, as {@code exit()}
     * would. Allocates nothing. In a rehearsal, a stand-in that returns.
     */
    public static void _exit(int status) {
        try {
            exitCall(Errno.capture()).invokeExact(status);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** A thread's _exit downcall: a rehearsal sets its stand-in, and the thread it rehearses for gets libc's before it forks. */
    private static MethodHandle exitCall(Errno.Capture state) {
        if (state.exitCall == null) {
            state.exitCall = Calls.REAL_EXIT;
        }
        return state.exitCall;
    }

    /**
     * True on the thread of a {@link #rehearse rehearsal}: for a child's path that would never
     * end (a child serving clients for ever) to end its rehearsal after one turn.
     */
    public static boolean rehearsing() {
        return Errno.capture().rehearsing;
    }

    /** {@code getpid()}: the pid of this process, right in a child too (the JVM's own, ProcessHandle's, is the parent's). */
    public static int getpid() {
        return sockets_h.getpid();
    }

    /**
     * Runs a program's child path {@code times} times in this process, as a rehearsal, on a
     * thread of its own (so that the calls it makes are never the calling thread's: from that
     * thread's point of view the syscalls are the program's from the start); {@link #fork} makes
     * the forking thread's own state (its errno state, which a child of it will use). On the
     * rehearsal's thread, and no other, {@link #fork} returns 0 without forking (its downcall is
     * {@code getpid()} through the same call site), {@link #_exit} calls {@code srand()} and
     * returns, and {@link Errno#perror}'s last call is {@code free(NULL)}: nothing is printed and
     * nothing ends; {@link #rehearsing} is true there. {@code childPath}
     * must make the same calls, from the same call sites, as the program's child does (the code
     * after {@code fork()} returns 0), on descriptors of its own, and must not print. A method
     * handle is customised (a class spun) on its 128th call (java.lang.invoke's
     * CUSTOMIZE_THRESHOLD, 127): a child must not be the one to make that call, so rehearse each
     * call more often than that.
     */
    public static void rehearse(int times, Runnable childPath) {
        awaitRehearsal(); // one rehearsal at a time
        // a rehearsed send() to a closed peer must fail with EPIPE, not end the program:
        // SIGPIPE has the program's disposition from main's start (CStartup), often SIG_DFL
        startRehearsal(times, childPath, true);
        awaitRehearsal();
    }

    /** The rehearsal made ({@link #rehearse} or {@link #rehearseLater}) and not yet joined. */
    private static volatile AheadTask pending;

    /**
     * {@link #rehearse}, later: its thread is made here (before the program's first socket, so it
     * is never one of the program's threads) and waits; the rehearsal runs when the program first
     * waits for it ({@link #awaitRehearsal}, which a fork server calls right after listen(), or
     * its first {@link #fork}), so that nothing competes with the program's thread for the CPUs
     * on its way to listening (a fork server listens as early as an iterative one, and the
     * kernel queues the first clients meanwhile: benchmarks/README.md, section 4b). No child is
     * made before its path is rehearsed. Unlike {@link #rehearse}, SIGPIPE keeps its
     * disposition: a send() to a closed peer raises SIGPIPE for the whole process (the kernel's
     * send_sig), which a tracer sees after the program's first socket even when ignored, so
     * {@code childPath} must raise no signal: rehearse the runs that do with {@link #rehearse}
     * first, or make them fail without one (a send() to a gone peer fails with EPIPE and no
     * SIGPIPE on an AF_UNIX SOCK_SEQPACKET socket). Its thread runs {@link #prepare} first.
     */
    public static void rehearseLater(int times, Runnable childPath) {
        awaitRehearsal(); // one rehearsal at a time
        startRehearsal(times, childPath, false);
    }

    /**
     * Makes the rehearsal's thread ({@link #pending}), which {@link #awaitRehearsal} runs:
     * {@code times} runs of {@code childPath} with the rehearsal's stand-ins, all of them with
     * SIGPIPE ignored if {@code ignoreSigpipe}.
     */
    private static void startRehearsal(int times, Runnable childPath, boolean ignoreSigpipe) {
        pending = new AheadTask("fork-rehearsal", () -> {
            prepare();
            Errno.Capture state = Errno.capture(); // the rehearsal's thread's own: it ends with the thread
            state.exitCall = Calls.EXIT_STAND_IN;
            state.perrorCall = Calls.PERROR_STAND_IN;
            state.rehearsing = true;
            Runnable runs = () -> {
                for (int i = 0; i < times; i++) {
                    childPath.run();
                }
            };
            if (ignoreSigpipe) {
                ProgramSignals.ignoring(sockets_h.SIGPIPE(), runs);
            } else {
                runs.run();
            }
        });
    }

    /**
     * Runs the rehearsal made by {@link #rehearseLater}, if one is pending, and waits for its end
     * (from any thread but its own); {@link #fork} and {@link #rehearse} call it first.
     *
     * @throws IllegalStateException if that rehearsal failed
     */
    public static void awaitRehearsal() {
        AheadTask rehearsal = pending;
        if (rehearsal == null || rehearsal.runsHere()) {
            return;
        }
        Throwable failure = rehearsal.await();
        pending = null;
        if (failure != null) {
            throw new IllegalStateException("the rehearsal of the child's path failed", failure);
        }
    }

    /** Forks so far (children made), suspects, stuck children replaced, undecided suspects. */
    public static String statistics() {
        return "forks=" + forks + " suspects=" + suspects + " stuck=" + stuck + " undecided=" + undecided;
    }

    private static OutputStream openLog() {
        if (LOG == null) {
            return null;
        }
        try {
            return new FileOutputStream(LOG, true);
        } catch (IOException e) {
            return null;
        }
    }

    private static void log(String line) {
        if (logOut == null) {
            return;
        }
        try {
            logOut.write(("[" + getpid() + "] " + line + " | " + statistics() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // a measurement aid only
        }
    }
}
