/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Capture;
import io.github.panamasockets.testkit.Polling;
import io.github.panamasockets.testkit.Syscalls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.github.panamasockets.Sockets.SIGUSR1;
import static io.github.panamasockets.Sockets.SIGTERM;
import static io.github.panamasockets.Sockets.kill;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java signal handlers (upcall stubs) under the launchers' arrangement, measured with
 * {@link SignalCounter} in a JVM of its own, with the launchers' flags (-Xrs, serial GC) and a
 * small heap that an allocating thread keeps collecting, and the book's handler mask (sigfillset,
 * SIGSEGV included: only the native recorder runs with it):
 * <ul>
 * <li>through sigblock: 1,000 SIGUSR1, each sent by pid once the previous one was handled and the
 *     program thread is back in pause(): every one runs on main's thread, inside its pause()
 *     (the direct path: Java in signal context), interrupts it, and none hangs or crashes the JVM
 *     while it collects garbage;
 * <li>through sigblock: 3,000 SIGUSR1 back to back while main runs Java code: the JVM lives
 *     (an upcall installed as the handler killed it), every handler on main's thread;
 * <li>a plain JVM (no sigblock): the signal lands on another thread, main's sleep() is not
 *     interrupted (its handler runs on main only when sleep() ends): why the launchers use sigblock.
 * </ul>
 */
@Timeout(180)
class SignalStormTest {

    static final int SIGNALS = 1_000;
    static final Duration EACH = Duration.ofSeconds(10);
    static int pause;

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();  // builds native/build/tools/sigblock
        pause = Syscalls.number("pause", "ppoll");
    }

    static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xrs", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Xmx24m", "-XX:ErrorFile=" + System.getProperty("java.io.tmpdir") + "/hs_err_pid%p.log",  // the direct way can crash; not into echo/
                "-cp", System.getProperty("java.class.path"), SignalCounter.class.getName()));
        command.addAll(List.of(args));
        String mask = System.getProperty("counter.mask");  // unset: the book's sa_mask (sigfillset); empty
        if (mask != null) {
            command.add(command.size() - args.length - 1, "-Dcounter.mask=" + mask);
        }
        if (Boolean.getBoolean("counter.direct")) {  // the upcall as the kernel's handler: for measuring the old way
            command.add(command.size() - args.length - 1, "-Dcounter.direct=true");
        }
        return command;
    }

    /** {@link #javaCommand} through native/build/tools/sigblock, these signals blocked (as the launchers run a program). */
    static List<String> sigblockCommand(String blocked, String... args) {
        List<String> command = new ArrayList<>(List.of(Twins.ROOT.resolve("native/build/tools/sigblock").toString(), blocked));
        command.addAll(javaCommand(args));
        return command;
    }

    /** The one thread of the process that does not block SIGUSR1, which every kill(pid, SIGUSR1) lands on. */
    static long onlyReceiver(long pid) {
        List<Long> receivers = SignalProcs.receivers(pid, SIGUSR1());
        assertEquals(1, receivers.size(), "threads that do not block SIGUSR1: " + receivers);
        return receivers.get(0);
    }

    static Map<String, Long> keys(String out) {
        Map<String, Long> m = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] kv = line.split(" ");
            if (kv.length == 2) {
                m.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return m;
    }

    static void awaitReady(Process p, Capture out, Capture err) throws InterruptedException {
        if (!Twins.await(Twins.WAIT_LIMIT, () -> Twins.latin1(out.bytes()).startsWith("ready\n") || !p.isAlive())
                || !p.isAlive()) {
            fail("SignalCounter did not start: " + Twins.latin1(out.bytes()) + Twins.latin1(err.bytes()));
        }
    }

    static Map<String, Long> finish(Process p, Capture out, Capture err) throws InterruptedException {
        if (!p.waitFor(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("SignalCounter did not end");
        }
        out.awaitEof(Twins.WAIT_LIMIT);
        err.awaitEof(Twins.WAIT_LIMIT);
        assertEquals(0, p.exitValue(), "SignalCounter's status; stderr: " + Twins.latin1(err.bytes()));
        return keys(Twins.latin1(out.bytes()));
    }

    @Test
    void aThousandSignalsWhileCollectingAllRunOnTheProgramThread() throws Exception {
        Process p = new ProcessBuilder(sigblockCommand("USR1", "pause", Integer.toString(SIGNALS))).start();
        p.getOutputStream().close();
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        try {
            awaitReady(p, out, err);
            long pid = p.pid();
            long tid = onlyReceiver(pid);
            for (int i = 0; i < SIGNALS; i++) {
                // the previous signal taken (not pending) and main back in pause(): pending is read
                // first, so a pause() seen after it is a new one
                boolean back = Polling.await(EACH, Duration.ofNanos(50_000),
                        () -> !p.isAlive() || (!SignalProcs.pending(pid, tid, SIGUSR1())
                                && Syscalls.blockedIn(pid, tid) == pause));
                if (!back || !p.isAlive()) {
                    fail("signal " + i + ": the program thread did not come back to pause() (hung, or ended): "
                            + Twins.latin1(err.bytes()));
                }
                assertEquals(0, kill((int) pid, SIGUSR1()), "kill(pid, SIGUSR1)");
            }
            Map<String, Long> r = finish(p, out, err);
            System.out.println("SignalCounter measured: " + r); // for docs/signals.md
            assertEquals(SIGNALS, r.get("count"), "handlers run");
            assertEquals(0, r.get("elsewhere"), "handlers run on a thread other than main's");
            assertEquals(SIGNALS, r.get("interrupted"), "pause() calls ended with EINTR");
            assertEquals(SIGNALS, r.get("direct"), "handlers run inside pause(), in signal context (the direct path)");
            assertTrue(r.get("gcs") > 0, "collections while the signals came: " + r.get("gcs"));
            if (System.getProperty("counter.mask") == null) {  // the book's mask, given to the kernel as it is
                assertEquals(1, r.get("blocks-segv"), "SIGSEGV in the handler's sa_mask");
                assertEquals(1, r.get("blocks-term"), "SIGTERM in the handler's sa_mask");
            }
        } finally {
            p.destroyForcibly();
        }
    }

    static final int BACK_TO_BACK = 3_000;

    /**
     * The crash of the upcall installed as the kernel's handler (docs/signals.md: 2 of 3 JVMs died
     * after about 1,500 of these): 3,000 SIGUSR1 back to back, each sent once the previous one was
     * taken, while main runs Java code and no downcall. With the native recorder every one is
     * recorded where it lands and its Java handler runs on main's thread at its next call.
     */
    @Test
    void backToBackSignalsWhileRunningJavaCodeDoNotCrashTheJvm() throws Exception {
        Process p = new ProcessBuilder(sigblockCommand("USR1,TERM", "busy")).start();
        p.getOutputStream().close();
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        try {
            awaitReady(p, out, err);
            long pid = p.pid();
            long tid = onlyReceiver(pid);
            int sent = 0;
            for (int i = 0; i < BACK_TO_BACK; i++) {
                boolean taken = Polling.await(EACH, Duration.ofNanos(20_000),
                        () -> !p.isAlive() || !SignalProcs.pending(pid, tid, SIGUSR1()));
                if (!taken || !p.isAlive()) {
                    fail("signal " + i + ": the JVM died or never took the previous one: " + Twins.latin1(err.bytes()));
                }
                assertEquals(0, kill((int) pid, SIGUSR1()), "kill(pid, SIGUSR1)");
                sent++;
            }
            assertEquals(0, kill((int) pid, SIGTERM()), "kill(pid, SIGTERM)");
            Map<String, Long> r = finish(p, out, err);
            System.out.println("SignalCounter measured: " + r + " sent " + sent); // for docs/signals.md
            assertEquals(1, r.get("stopped"), "main saw SIGTERM's handler's flag");
            // each one sent once the previous one was taken: as many deliveries, one handler each
            assertEquals(sent, r.get("count"), "handlers run");
            assertEquals(0, r.get("elsewhere"), "handlers run on a thread other than main's");
            assertTrue(r.get("rounds") > 0, "main's Java loop ran");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void withoutSigblockTheSignalLandsElsewhereAndMainIsNotInterrupted() throws Exception {
        Process p = new ProcessBuilder(javaCommand("sleep")).start();
        p.getOutputStream().close();
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        try {
            awaitReady(p, out, err);
            assertTrue(SignalProcs.receivers(p.pid(), SIGUSR1()).size() > 1, "a plain JVM: many threads can take SIGUSR1");
            assertEquals(0, kill((int) p.pid(), SIGUSR1()), "kill(pid, SIGUSR1)");
            Map<String, Long> r = finish(p, out, err);
            System.out.println("SignalCounter measured: " + r); // for docs/signals.md
            assertEquals(1, r.get("count"), "the handler ran");
            // recorded on whichever thread it landed; its Java handler then ran on main's, when
            // main's sleep() ended on its own: the signal did not interrupt it
            assertEquals(0, r.get("elsewhere"), "the Java handler ran on main's thread");
            assertEquals(0, r.get("interrupted"), "main's sleep() was not interrupted");
        } finally {
            p.destroyForcibly();
        }
    }
}
