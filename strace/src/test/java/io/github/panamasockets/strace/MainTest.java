/* MainTest.java: the command line's usage errors and exit statuses, and the environment check's messages.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    private record Run(int status, String out, String err) {
    }

    private static Run main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noArgumentsIsAUsageError() {
        Run r = main();
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("usage: bin/strace-compare"), r.err());
    }

    @Test
    void anUnknownScenarioIsAUsageError() {
        Run r = main("no-such-scenario");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no scenario 'no-such-scenario'"), r.err());
    }

    @Test
    void allAndAScenarioTogetherIsAUsageError() {
        assertEquals(2, main("--all", "client").status());
        assertEquals(2, main("--width").status());
    }

    @Test
    void listNamesEveryScenario() {
        Run r = main("--list");
        assertEquals(0, r.status());
        for (Scenario s : Scenario.values()) {
            assertTrue(r.out().contains(s.id + " "), s.id);
        }
    }

    @Test
    void withoutStraceTheMessageSaysHowToInstallIt() {
        EnvironmentException e = assertThrows(EnvironmentException.class,
                () -> StraceEnvironment.check("/nonexistent/strace"));
        assertEquals("strace not found: install it with 'apt-get install strace'", e.getMessage());
    }

    @Test
    void whenTracingFailsTheMessageSaysPtraceIsNotPermitted() {
        // a "strace" that fails the way strace fails without ptrace: exit status 1
        EnvironmentException e = assertThrows(EnvironmentException.class, () -> StraceEnvironment.check("/bin/false"));
        assertTrue(e.getMessage().startsWith("strace cannot trace here ("), e.getMessage());
        assertTrue(e.getMessage().contains("ptrace is not permitted") && e.getMessage().contains("apt-get install strace"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
