/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCPEchoClient, C build and Java build, for the same invocations: same stdout, stderr and exit
 * status. The echo server is the C iterative server, so these are also the Java client against
 * the C server.
 */
@Timeout(120)
class ClientTest {

    private static final String USAGE = "Usage: ./TCPEchoClient <Server IP> <Echo Word> [<Echo Port>]\n";

    @RegisterExtension
    static final CEchoServer C_SERVER = CEchoServer.tcp();

    /** Runs the client of both builds with the same arguments; asserts they agree; returns Java's result. */
    private static Result both(String scenario, String... args) throws Exception {
        return Twins.both(scenario, Twins.CLIENT, args);
    }

    private static String word(int length) {
        return Twins.word(length);
    }

    private static void assertEcho(Result r, String word) {
        assertEquals("Received: " + word + "\n", r.stdout());
        assertEquals("", r.stderr());
        assertEquals(0, r.status());
    }

    @Test
    void shortWord() throws Exception {
        assertEcho(both("short word", "127.0.0.1", "hello", C_SERVER.port()), "hello");
    }

    @Test
    void wordsAroundTheBufferSizeAndLonger() throws Exception {
        for (int length : new int[] {31, 32, 33, 1000}) {
            String w = word(length);
            assertEcho(both(length + "-byte word", "127.0.0.1", w, C_SERVER.port()), w);
        }
    }

    @Test
    void formatDirectivesInTheWordArePrintedAsTheyAre() throws Exception {
        assertEcho(both("word with %n%s%x", "127.0.0.1", "a%n%s%xb", C_SERVER.port()), "a%n%s%xb");
    }

    @Test
    void bytesThatAreNotAsciiGoOutAsTheyCame() throws Exception {
        // é in UTF-8 and a lone 0xff byte, which no charset decodes: the echo must be these bytes,
        // in a UTF-8 locale and in the C locale (where the JVM decodes every byte above 0x7f as U+FFFD)
        for (String locale : new String[] {"C.UTF-8", "C"}) {
            String line = "LC_ALL=" + locale + " exec ./TCPEchoClient 127.0.0.1 $'caf\\xc3\\xa9\\xff!' " + C_SERVER.port();
            Result c = Twins.shell(Build.C, line);
            Result java = Twins.shell(Build.JAVA, line);
            assertSameResult("non-ASCII word, LC_ALL=" + locale, c, java);
            assertEcho(java, "caf\u00c3\u00a9\u00ff!");  // the bytes, one char a byte
        }
    }

    /**
     * A JVM would announce these variables on stderr ("Picked up JAVA_TOOL_OPTIONS: ..."); C
     * ignores them. The launcher moves their options onto the command line, so the bytes stay
     * C's, and the options still act: an option the JVM rejects makes the Java side fail.
     */
    @Test
    void javaOptionsInTheEnvironmentChangeNoOutput() throws Exception {
        String run = "exec ./TCPEchoClient 127.0.0.1 hello " + C_SERVER.port();
        String env = "JAVA_TOOL_OPTIONS='-Xss2m -XX:+UseSerialGC' JDK_JAVA_OPTIONS=-Xss2m _JAVA_OPTIONS='-Xss2m -Xmx64m' ";
        Result c = Twins.shell(Build.C, env + run);
        Result java = Twins.shell(Build.JAVA, env + run);
        assertSameResult("JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS and _JAVA_OPTIONS set", c, java);
        assertEcho(java, "hello");
        for (String variable : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"}) {
            Result rejected = Twins.shell(Build.JAVA, variable + "=-XX:+NoSuchOption " + run);
            assertEquals(1, rejected.status(), variable + "'s option was not passed on: " + rejected);
            assertTrue(rejected.stderr().contains("NoSuchOption"), rejected.stderr());
            assertTrue(!rejected.stderr().contains("Picked up"), variable + " announced: " + rejected.stderr());
        }
    }

    @Test
    void wrongArgumentCountsPrintTheUsageAndExit1() throws Exception {
        for (String[] args : new String[][] {{}, {"127.0.0.1"}, {"127.0.0.1", "hello", C_SERVER.port(), "extra"}}) {
            Result r = both("usage with " + args.length + " arguments", args);
            assertEquals("", r.stdout());
            assertEquals(USAGE, r.stderr());
            assertEquals(1, r.status());
        }
    }

    @Test
    void connectionRefused() throws Exception {
        String closed = Integer.toString(Twins.freePort());  // bound by nobody, so nothing listens
        Result r = both("connection refused", "127.0.0.1", "hello", closed);
        assertEquals("", r.stdout());
        assertEquals("connect() failed: Connection refused\n", r.stderr());
        assertEquals(1, r.status());
    }

    @Test
    void anAddressThatInetAddrRejects() throws Exception {
        // inet_addr() returns INADDR_NONE, 255.255.255.255: connect() fails on it
        Result r = both("999.1.1.1", "999.1.1.1", "hello", C_SERVER.port());
        assertEquals("", r.stdout());
        assertEquals(1, r.status());
        assertEquals(true, r.stderr().startsWith("connect() failed: "), r.stderr());
    }

    @Test
    void aPortThatIsNotANumber() throws Exception {
        // atoi("abc") is 0, and nothing listens on port 0
        Result r = both("port abc", "127.0.0.1", "hello", "abc");
        assertEquals("", r.stdout());
        assertEquals("connect() failed: Connection refused\n", r.stderr());
        assertEquals(1, r.status());
    }

    @Test
    void withoutAPortTheEchoPort7() throws Exception {
        // whatever port 7 does on this machine, both builds meet the same
        both("default port 7", "127.0.0.1", "hello");
    }
}
