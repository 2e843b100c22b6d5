/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.LoopbackNamespace;
import org.opentest4j.TestAbortedException;

import java.util.ArrayList;
import java.util.List;

import static io.github.panamasockets.echo.Twins.assertSameResult;

/**
 * Names that keep a look-up on this machine. getaddrinfo() and gethostbyname() ask the name
 * server of /etc/resolv.conf about a name /etc/hosts lacks (no-such-host.invalid, and 999.1.1.1,
 * which is no address to them): a datagram off loopback. {@link #UNKNOWN_HOST} fails before any
 * query; an input the issue names as it is (999.1.1.1) runs in a network namespace holding only
 * lo ({@link #both}), where the query's connect() fails with ENETUNREACH and libc says
 * "Temporary failure in name resolution" in both builds.
 */
final class OnlyLoopback {

    /** A 70-letter label: longer than DNS allows (63), so the resolver fails it without sending a query. */
    static final String UNKNOWN_HOST = "a".repeat(70) + ".invalid";

    private OnlyLoopback() {
    }

    /** Runs the program of both builds with these arguments in a namespace of lo alone; asserts they agree; returns Java's result. */
    static Result both(String scenario, String program, String... args) throws Exception {
        LoopbackNamespace ns;
        try {
            ns = LoopbackNamespace.open(Twins.ROOT.resolve("echo/target/only-loopback-netns.log"));
        } catch (LoopbackNamespace.Unavailable e) {
            throw new TestAbortedException("no network namespace of the test's own here (" + e.getMessage()
                    + "): " + scenario + " would send a name server query off loopback");
        }
        try (ns) {
            Result[] results = new Result[2];
            for (Build build : Build.values()) {
                List<String> command = new ArrayList<>(ns.enter());
                command.add("./" + program);
                command.addAll(List.of(args));
                results[build.ordinal()] = Twins.run(command, Twins.dir(build), Twins.RUN_LIMIT);
            }
            assertSameResult(scenario, results[Build.C.ordinal()], results[Build.JAVA.ordinal()]);
            return results[Build.JAVA.ordinal()];
        }
    }
}
