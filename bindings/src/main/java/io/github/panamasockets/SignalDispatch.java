/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sigaction;
import io.github.panamasockets.generated.sockets_c;
import io.github.panamasockets.generated.sockets_h;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Java signal handlers that run in plain Java context, never in signal context (docs/signals.md).
 *
 * <p>An FFM upcall entered from a signal handler kills HotSpot when the signal lands while the
 * thread runs Java code. So a Java handler is never given to the kernel: {@link #sigaction}
 * installs a native recorder in its place ({@code bindings/src/main/c/recorder.c}, a resource of
 * the jar) that only counts the signal and sets its bit in a pending word (and keeps a copy of the
 * siginfo for {@code SA_SIGINFO}), with the program's {@code sa_mask} and {@code sa_flags} as given, so that a
 * blocking call ends with EINTR, or restarts, exactly as C's does. Every call of the C view
 * ({@code sockets_c}) then calls {@link #poll} before and after its downcall: when the word is not
 * 0, the recorded signals' Java handlers run there, on the calling thread, lowest signal first,
 * once a delivery.
 *
 * <p>The direct path: once a Java handler is installed, the C view's blocking calls go through
 * native trampolines (generated from errno.list's {@code blocking} column) that mark the thread
 * for the recorder; a signal landing inside one runs its Java handler there and then, through an
 * upcall ({@code directEntry}), before the kernel restarts or ends the call, as C's does
 * (docs/signals.md, "The direct path").
 *
 * <p>Dispatch is not re-entrant (in the whole process): a signal recorded while a Java handler
 * runs is dispatched when it returns, as C's {@code sa_mask} holds it back until its handler
 * returns. The thread's errno is the same after a dispatch as before it: a handler that runs after
 * its downcall returned must not change the errno the program reads of that call. Dispatch
 * allocates nothing (a handler may; in a forked child it must not).
 */
public final class SignalDispatch {

    private SignalDispatch() {
    }

    /** Bit sig-1 set: signal sig was recorded and its Java handler has not run yet. Java's memory. */
    private static final MemorySegment PENDING = Arena.global().allocate(JAVA_LONG);
    private static final VarHandle WORD = JAVA_LONG.varHandle();
    /** Per signal, the deliveries recorded and not yet dispatched (uint32 a signal, 0..64). */
    private static final MemorySegment COUNTS = Arena.global().allocate(JAVA_INT, 65);
    private static final VarHandle COUNT = JAVA_INT.varHandle();
    /** 1 while Java handlers run, on either path: native memory, so that the recorder takes it too (CAS 0 -> 1). */
    private static final MemorySegment BUSY = Arena.global().allocate(JAVA_INT);
    private static final VarHandle INT = JAVA_INT.varHandle();
    /** False: every Java handler waits for the next downcall to return (the deferred path alone), to measure. */
    private static final boolean DIRECT_ALLOWED = !"false".equals(System.getProperty("io.github.panamasockets.signals.direct"));
    /** True once a Java handler is installed (and not in a forked child): blocking calls go through their trampolines. */
    private static volatile boolean direct;

    /** Per signal: the Java handler (sa_handler.Function or sa_sigaction.Function), or null. */
    private static final Object[] HANDLERS = new Object[65];
    /** Per signal: the upcall stub that stands for that handler in a program's struct sigaction. */
    private static final long[] STUBS = new long[65];
    /** Every stub {@link #handler}/{@link #sigactionHandler} made, by address: how sigaction knows a Java handler. */
    private static final Map<Long, Object> JAVA = new ConcurrentHashMap<>();
    /** The siginfo handed to an SA_SIGINFO handler, one slot a signal, copied out of the recorder's. */
    private static final long SIGINFO = 128;  // sizeof(siginfo_t) on Linux, every architecture
    private static final MemorySegment INFOS = Arena.global().allocate(SIGINFO * 65, 8);
    /** INFOS' slot of each signal, made once: a dispatch (in a forked child too) allocates nothing. */
    private static final MemorySegment[] INFO_SLOTS = new MemorySegment[65];

    static {
        for (int sig = 0; sig < INFO_SLOTS.length; sig++) {
            INFO_SLOTS[sig] = INFOS.asSlice(sig * SIGINFO, SIGINFO);
        }
    }

    /** True once the first Java handler was installed (the recorder loaded): read without loading it. */
    private static volatile boolean recorderLoaded;

    /**
     * Runs the Java handlers of the signals recorded since the last dispatch, if any. One volatile
     * load when none is pending. Called by every call of the C view, before and after its downcall.
     */
    public static void poll() {
        if ((long) WORD.getVolatile(PENDING, 0L) != 0L) {
            dispatch();
        }
    }

    private static void dispatch() {
        do {
            if (!INT.compareAndSet(BUSY, 0L, 0, 1)) {
                return;  // a handler runs (here, below us, or on another thread): these wait for it to return
            }
            try {
                drain();
            } finally {
                INT.setVolatile(BUSY, 0L, 0);
            }
            // a signal recorded between the last getAndSet and the release: taken now, not at the next call
        } while ((long) WORD.getVolatile(PENDING, 0L) != 0L);
    }

    /** Runs every recorded signal's handler, lowest signal first, once a delivery; BUSY is held. */
    private static void drain() {
        Errno.Capture errno = Errno.capture();
        int saved = errno.errno;
        try {
            long bits;
            while ((bits = (long) WORD.getAndSet(PENDING, 0L, 0L)) != 0L) {
                for (; bits != 0L; bits &= bits - 1) {
                    int sig = Long.numberOfTrailingZeros(bits) + 1;
                    // once a delivery: a C handler runs each time the signal interrupts the program
                    for (int n = (int) COUNT.getAndSet(COUNTS, sig * 4L, 0); n != 0; n--) {
                        run(sig);
                    }
                }
            }
        } finally {
            errno.errno = saved;
        }
    }

    /**
     * The direct path's upcall: the recorder found the thread inside a blocking call's trampoline
     * (in a downcall, so in HotSpot's native state) and took BUSY; the handlers run now, inside
     * the call, before the kernel restarts or ends it, as C's do. Also called by a trampoline
     * that finds a signal pending as it enters its call (not in signal context then).
     */
    private static void directEntry() {
        drain();
    }

    /** True when blocking calls of the C view go through their trampolines (a Java handler is installed). */
    public static boolean direct() {
        return direct;
    }

    /**
     * How many times the recorder ran Java handlers in signal context (the direct path) in this
     * process, 0 when no Java handler was ever installed. For measurements and tests.
     */
    public static long directRuns() {
        if (!recorderLoaded) {
            return 0;
        }
        try {
            return (long) Recorder.DIRECT_RUNS.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** The trampoline of a blocking call (generated/sockets_trampolines.c), in the recorder's library. */
    public static MemorySegment trampoline(String name) {
        return Recorder.LIB.findOrThrow("ps_b_" + name);
    }

    /**
     * The trampoline of an 'always' or 'nonzero' call (generated/sockets_trampolines.c), which puts
     * the program's errno back inside the same native call: from the recorder's library, opened
     * without starting the recorder (no handler is installed by this).
     */
    public static MemorySegment restoring(String name) {
        return Library.LIB.findOrThrow("ps_r_" + name);
    }

    /** A path to the build's own copy of the bindings' library, to open in place of the jar's (the launchers pass it). */
    static final String LIBRARY_PROPERTY = "io.github.panamasockets.native.library";

    /**
     * The bindings' native library (recorder.c and the generated trampolines), opened on first use:
     * the file {@link #LIBRARY_PROPERTY} names if it is one, else the jar's copy, copied out into a
     * temporary file, opened, and the file removed. The copy costs a program ~9 ms (the jar's
     * resource machinery's first use ~6 ms, benchmarks/README.md section 4b), before listen()
     * where getaddrinfo() is the first call that needs a trampoline.
     */
    private static final class Library {
        static final SymbolLookup LIB;

        static {
            // java.io, not java.nio.file: NIO's first use loads libnet, which probes IPv4, IPv6 and
            // SO_REUSEPORT with sockets of its own, and installs a handler of SIGRTMAX-2: calls that
            // are not the program's, in its trace after its first socket
            String given = System.getProperty(LIBRARY_PROPERTY, "");
            LIB = !given.isEmpty() && new File(given).isFile()
                    ? SymbolLookup.libraryLookup(given, Arena.global())
                    : extracted();
        }

        /** The jar's copy of the library, opened from a temporary file that is removed once mapped. */
        private static SymbolLookup extracted() {
            String resource = "native/libpanamasignals.so";
            File file = null;
            try (InputStream in = SignalDispatch.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("io/github/panamasockets/" + resource + " is not in the bindings jar:"
                            + " its build compiles it with gcc (bindings/src/main/c/build)");
                }
                file = newTempFile();
                try (OutputStream out = new FileOutputStream(file)) {
                    in.transferTo(out);
                }
                return SymbolLookup.libraryLookup(file.getAbsolutePath(), Arena.global());
            } catch (IOException e) {
                throw new IllegalStateException("cannot copy the signal recorder out of the bindings jar: " + e.getMessage(), e);
            } finally {
                if (file != null) {
                    file.delete();  // mapped already: the library stays
                }
            }
        }

        /**
         * A new file of this process's in java.io.tmpdir, made with O_EXCL (createNewFile), so
         * that no other user's file or link is written through. Not File.createTempFile: its
         * SecureRandom reads the security properties through NIO, which loads libnet and its
         * probe sockets, in the program's trace when a first strtol or getchar opens this library
         * after the program's first socket (TCPEchoServer-Select).
         */
        private static File newTempFile() throws IOException {
            File dir = new File(System.getProperty("java.io.tmpdir"));
            for (int i = 0; i < 100; i++) {
                File file = new File(dir, "panamasignals" + Long.toHexString(System.nanoTime()) + "-" + i + ".so");
                if (file.createNewFile()) {
                    return file;
                }
            }
            throw new IOException("no new file in " + dir + " after 100 names");
        }

        private Library() {
        }
    }

    /** What a rehearsal of the child's path clears in place of the real word, counts and busy flag. */
    private static final MemorySegment SCRATCH_WORD = Arena.global().allocate(JAVA_LONG);
    private static final MemorySegment SCRATCH_COUNTS = Arena.global().allocate(JAVA_INT, 65);
    private static final MemorySegment SCRATCH_BUSY = Arena.global().allocate(JAVA_INT);

    /**
     * JvmFork.fork()'s child side: in a real child (real = true), nothing pending, as POSIX starts
     * a C child (the word and counts were copied from the parent), and no direct path (the child's
     * calls are the plain ones). In a rehearsal (real = false) the same statements on scratch
     * memory, so that the child finds every call site here linked: a child that links one (class
     * loading, a lock another thread of the parent held at fork) can hang. Allocates nothing.
     */
    static void forkedChild(boolean real) {
        MemorySegment word = real ? PENDING : SCRATCH_WORD;
        MemorySegment counts = real ? COUNTS : SCRATCH_COUNTS;
        MemorySegment busy = real ? BUSY : SCRATCH_BUSY;
        direct = !real && direct;
        WORD.setVolatile(word, 0L, 0L);
        counts.fill((byte) 0);
        INT.setVolatile(busy, 0L, 0);
    }

    private static void run(int sig) {
        Object handler = HANDLERS[sig];
        if (handler instanceof sigaction.__sigaction_handler.sa_handler.Function f) {
            f.apply(sig);
        } else if (handler instanceof sigaction.__sigaction_handler.sa_sigaction.Function f) {
            MemorySegment.copy(Recorder.NATIVE_INFOS, sig * SIGINFO, INFOS, sig * SIGINFO, SIGINFO);
            f.apply(sig, INFO_SLOTS[sig], MemorySegment.NULL);
        }
        // null: the disposition changed after the signal was recorded; a C handler would have run
        // before the change, the new disposition is not the one it was delivered to: dropped
    }

    /** The recorder's loading started by {@link #prepareAhead}, until joined. */
    private static volatile AheadTask loading;

    /**
     * Makes the thread that loads the recorder (ProgramSignals.receive, before the program's
     * first socket, so that the thread is not one of the program's and its calls, a temporary
     * file and the linking, are not in the program's story); it loads the recorder when the
     * program first needs it, a Java handler's sigaction or fork() ({@link #awaitPrepared}),
     * which the book's signal servers reach once bound or listening: nothing competes with the
     * program's thread on its way there (benchmarks/README.md, section 4b).
     */
    static synchronized void prepareAhead() {
        if (loading == null && !recorderLoaded) {
            loading = new AheadTask("signal-recorder", SignalDispatch::prepare);
        }
    }

    /**
     * Runs the loading {@link #prepareAhead} made ready, if any, and waits for it: before a Java handler is
     * installed, and before fork() (a child must not find the recorder's class half initialised
     * by a thread it does not have).
     *
     * @throws IllegalStateException if the loading failed
     */
    static void awaitPrepared() {
        AheadTask t = loading;
        if (t == null || t.runsHere()) {
            return;
        }
        Throwable failure = t.await();
        loading = null;
        if (failure != null) {
            throw new IllegalStateException("the signal recorder could not be loaded: " + failure.getMessage(), failure);
        }
    }

    /** Loads the recorder now, on the calling thread. */
    static void prepare() {
        if (Recorder.RECORD.address() == 0) {
            throw new IllegalStateException("the signal recorder has no ps_record");
        }
    }

    /** {@code act.sa_handler = handler} for a Java handler: an upcall stub {@link #sigaction} will know. */
    static MemorySegment handler(sigaction.__sigaction_handler.sa_handler.Function handler) {
        MemorySegment stub = sigaction.__sigaction_handler.sa_handler.allocate(handler, Arena.global());
        JAVA.put(stub.address(), handler);
        return stub;
    }

    /** {@code act.sa_sigaction = handler} for a Java handler (with SA_SIGINFO). */
    static MemorySegment sigactionHandler(sigaction.__sigaction_handler.sa_sigaction.Function handler) {
        MemorySegment stub = sigaction.__sigaction_handler.sa_sigaction.allocate(handler, Arena.global());
        JAVA.put(stub.address(), handler);
        return stub;
    }

    /**
     * C's {@code sigaction(sig, act, oact)}, one rt_sigaction as C's: a handler made by
     * {@link Sockets#sa_handler(MemorySegment, sigaction.__sigaction_handler.sa_handler.Function)}
     * (or {@code sa_sigaction}) is installed as the native recorder, with the struct's mask and
     * flags as they are; anything else (SIG_DFL, SIG_IGN, a native function, an upcall stub made
     * by hand) goes to the kernel as given. {@code oact} gets the Java handler's stub back where the
     * kernel holds the recorder, so that a program that saves and restores an action gets its own.
     */
    static int sigaction(int sig, MemorySegment act, MemorySegment oact) {
        awaitPrepared();
        Object java = null;
        long stub = 0;
        if (act != null && act.address() != 0 && sig >= 1 && sig <= 64) {
            Args.check("sigaction", "__act", act, sigaction.sizeof());
            stub = Sockets.sa_handler(act).address();
            java = JAVA.get(stub);
        }
        if (java == null) {
            int r = sockets_c.sigaction(sig, act, oact);
            if (r == 0) {
                oldHandler(sig, oact);
                if (act != null && act.address() != 0) {
                    HANDLERS[sig] = null;
                    STUBS[sig] = 0;
                }
            }
            return r;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment given = arena.allocate(sigaction.layout());
            given.copyFrom(act.asSlice(0, sigaction.sizeof()));
            boolean info = (sigaction.sa_flags(act) & sockets_h.SA_SIGINFO()) != 0;
            Sockets.sa_handler(given, info ? Recorder.RECORD_INFO : Recorder.RECORD);
            Object before = HANDLERS[sig];
            HANDLERS[sig] = java;  // before the kernel may call the recorder for it
            Recorder.syncMasked(sig, sigaction.sa_mask(given));
            if (DIRECT_ALLOWED && !direct && !Errno.capture().inChild()) {
                direct = true;  // from here on blocking calls mark themselves for the recorder
            }
            int r = sockets_c.sigaction(sig, given, oact);
            if (r == 0) {
                oldHandler(sig, oact);
                STUBS[sig] = stub;
            } else {
                HANDLERS[sig] = before;
            }
            return r;
        }
    }

    /** The recorder in an old action stands for the Java handler installed before: its stub. */
    private static void oldHandler(int sig, MemorySegment oact) {
        if (oact == null || oact.address() == 0 || sig < 1 || sig > 64 || !recorderLoaded) {
            return;
        }
        long old = Sockets.sa_handler(oact).address();
        if (old == Recorder.RECORD.address() || old == Recorder.RECORD_INFO.address()) {
            Sockets.sa_handler(oact, MemorySegment.ofAddress(STUBS[sig]));
        }
    }

    /**
     * The native recorder, started when the first Java handler is installed (a program without one
     * never starts it; its library may be open already for the restoring trampolines).
     */
    private static final class Recorder {
        static final MemorySegment RECORD;
        static final MemorySegment RECORD_INFO;
        static final MemorySegment NATIVE_INFOS;
        static final SymbolLookup LIB;
        private static final MethodHandle SYNC_MASKED;
        static final MethodHandle DIRECT_RUNS;
        private static final int[] SYNC = {sockets_h.SIGSEGV(), sockets_h.SIGBUS(), sockets_h.SIGFPE(), sockets_h.SIGILL()};

        /** Tells the recorder whether sig's sa_mask blocks a signal HotSpot raises on purpose. */
        static void syncMasked(int sig, MemorySegment mask) {
            int masked = 0;
            for (int s : SYNC) {
                if (sockets_h.sigismember(mask, s) == 1) {
                    masked = 1;
                }
            }
            try {
                SYNC_MASKED.invokeExact(sig, masked);
            } catch (Throwable t) {
                throw new AssertionError("should not reach here", t);
            }
        }

        static {
            try {
                SymbolLookup lib = Library.LIB;
                LIB = lib;
                RECORD = lib.findOrThrow("ps_record");
                RECORD_INFO = lib.findOrThrow("ps_record_info");
                Linker linker = Linker.nativeLinker();
                MethodHandle init = linker.downcallHandle(lib.findOrThrow("ps_init"), FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
                DIRECT_RUNS = linker.downcallHandle(lib.findOrThrow("ps_direct_runs"), FunctionDescriptor.of(JAVA_LONG));
                SYNC_MASKED = linker.downcallHandle(lib.findOrThrow("ps_sync_masked"), FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT));
                MethodHandle directs = linker.downcallHandle(lib.findOrThrow("ps_direct"), FunctionDescriptor.ofVoid(ADDRESS));
                MemorySegment upcall = linker.upcallStub(MethodHandles.lookup().findStatic(SignalDispatch.class, "directEntry",
                        MethodType.methodType(void.class)), FunctionDescriptor.ofVoid(), Arena.global());
                MethodHandle infos = linker.downcallHandle(lib.findOrThrow("ps_info"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
                NATIVE_INFOS = ((MemorySegment) infos.invokeExact(0)).reinterpret(SIGINFO * 65);
                init.invokeExact(PENDING, COUNTS, BUSY);
                directs.invokeExact(upcall);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new AssertionError("should not reach here", t);
            }
            recorderLoaded = true;
        }

        private Recorder() {
        }
    }
}
