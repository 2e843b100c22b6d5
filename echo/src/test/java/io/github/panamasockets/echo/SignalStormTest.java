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
import static io.github.panamasockets.Sockets.kill;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java signal handlers (upcall stubs) under the launchers' arrangement, measured with
 * {@link SignalCounter} in a JVM of its own, with the launchers' flags (-Xrs, serial GC) and a
 * small heap that an allocating thread keeps collecting, and the twins' handler mask (the book's
 * sigfillset without SIGSEGV, SIGBUS, SIGFPE and SIGILL: Sockets.handlerMask):
 * <ul>
 * <li>through sigblock: 1,000 SIGUSR1, each sent by pid once the previous one was handled and the
 *     program thread is back in pause(): every one runs on main's thread, interrupts its
 *     pause(), and none hangs or crashes the JVM while it collects garbage;
 * <li>a plain JVM (no sigblock): the handler runs, but not on main's thread, and main's sleep()
 *     is not interrupted: why the launchers use sigblock.
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
                "-Xmx24m", "-cp", System.getProperty("java.class.path"), SignalCounter.class.getName()));
        command.addAll(List.of(args));
        String mask = System.getProperty("counter.mask");  // unset: the twins' sa_mask; full: the book's; empty
        if (mask != null) {
            command.add(command.size() - args.length - 1, "-Dcounter.mask=" + mask);
        }
        return command;
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
        List<String> command = new ArrayList<>(List.of(
                Twins.ROOT.resolve("native/build/tools/sigblock").toString(), "USR1"));
        command.addAll(javaCommand("pause", Integer.toString(SIGNALS)));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        try {
            awaitReady(p, out, err);
            long pid = p.pid();
            List<Long> receivers = SignalProcs.receivers(pid, SIGUSR1());
            assertEquals(1, receivers.size(), "threads that do not block SIGUSR1: " + receivers);
            long tid = receivers.get(0);
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
            assertTrue(r.get("gcs") > 0, "collections while the signals came: " + r.get("gcs"));
            if (System.getProperty("counter.mask") == null) {  // the twins' mask: C's blocked signals, not HotSpot's faults
                assertEquals(0, r.get("blocks-segv"), "SIGSEGV in the handler's sa_mask");
                assertEquals(1, r.get("blocks-term"), "SIGTERM in the handler's sa_mask");
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void withoutSigblockTheHandlerRunsElsewhereAndMainIsNotInterrupted() throws Exception {
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
            assertEquals(1, r.get("elsewhere"), "on a thread other than main's");
            assertEquals(0, r.get("interrupted"), "main's sleep() was not interrupted");
        } finally {
            p.destroyForcibly();
        }
    }
}
