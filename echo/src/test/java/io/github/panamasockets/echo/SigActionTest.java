/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Capture;
import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.Syscalls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.github.panamasockets.Sockets.SIGINT;
import static io.github.panamasockets.Sockets.kill;
import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SigAction, C build and Java build: started, left until it is blocked in pause(), sent SIGINT
 * by pid; same stdout, stderr and exit status. Before the signal, /proc must show that exactly
 * one thread can take SIGINT and that it is the one in pause(): the C program's only thread, and
 * the Java twin's program thread (every other JVM thread blocks SIGINT, from sigblock).
 */
@Timeout(120)
class SigActionTest {

    static final String PROGRAM = "SigAction";
    static final String MESSAGE = "Interrupt Received.  Exiting program.\n";
    static int pause;

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
        pause = Syscalls.number("pause", "ppoll");
    }

    /** Runs ./SigAction ARGS until it is in pause(), checks who can take SIGINT, sends it, returns what it left. */
    static Result interrupted(Build build, String... args) throws Exception {
        Process p = Twins.startProgram(build, PROGRAM, args);
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        try {
            long pid = p.pid();
            long[] inPause = {-1};
            boolean blocked = Twins.await(Twins.WAIT_LIMIT, () -> {
                for (long tid : Syscalls.threads(pid)) {
                    if (Syscalls.blockedIn(pid, tid) == pause) {
                        inPause[0] = tid;
                        return true;
                    }
                }
                return !p.isAlive();
            });
            if (!blocked || inPause[0] < 0) {
                fail(build + " " + PROGRAM + " never blocked in pause(); stderr " + Twins.latin1(err.bytes()));
            }
            assertEquals(List.of(inPause[0]), SignalProcs.receivers(pid, SIGINT()),
                    build + ": the one thread SIGINT can land on is the one in pause()");
            assertEquals(0, kill((int) pid, SIGINT()), "kill(pid, SIGINT)");
            if (!p.waitFor(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(build + " " + PROGRAM + " did not end on SIGINT");
            }
            if (!out.awaitEof(Twins.WAIT_LIMIT) || !err.awaitEof(Twins.WAIT_LIMIT)) {
                fail(build + " " + PROGRAM + ": output stays open");
            }
            return Result.of(p.exitValue(), out.bytes(), err.bytes());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigintInPausePrintsAndExitsWithOne() throws Exception {
        Result c = interrupted(Build.C);
        Result java = interrupted(Build.JAVA);
        assertEquals(new Result(1, MESSAGE, ""), c, "C: the book's message and status");
        assertSameResult("SIGINT in pause()", c, java);
    }

    @Test
    void argumentsAreIgnored() throws Exception {
        Result c = interrupted(Build.C, "an", "argument");
        Result java = interrupted(Build.JAVA, "an", "argument");
        assertSameResult("SIGINT in pause(), with arguments", c, java);
    }
}
