/* StraceParserTest.java: the parser on lines captured from real strace runs.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import org.junit.jupiter.api.Test;

import io.github.panamasockets.strace.StraceLine.Kind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StraceParserTest {

    @Test
    void completeCallWithPidTimestampAndPadding() {
        StraceLine l = StraceParser.parseLine(7, "29190 20:22:10.239839 listen(3, 5)      = 0");
        assertEquals(7, l.index());
        assertEquals(29190, l.tid());
        assertEquals("20:22:10.239839", l.time());
        assertEquals(Kind.CALL, l.kind());
        assertEquals("listen", l.name());
        assertEquals("3, 5", l.args());
        assertEquals("0", l.result());
    }

    @Test
    void failedCallKeepsErrnoAndItsText() {
        StraceLine l = StraceParser.parseLine(0, "29308 20:22:13.100000 connect(6, {sa_family=AF_INET, "
                + "sin_port=htons(26119), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 ECONNREFUSED (Connection refused)");
        assertEquals("6, {sa_family=AF_INET, sin_port=htons(26119), sin_addr=inet_addr(\"127.0.0.1\")}, 16", l.args());
        assertEquals("-1 ECONNREFUSED (Connection refused)", l.result());
        assertEquals("-1", l.returnValue());
        assertEquals("ECONNREFUSED", l.errno());
        assertEquals("Connection refused", l.errnoText());
        StraceLine ok = StraceParser.parseLine(0, "29190 20:22:10.239839 listen(3, 5)      = 0");
        assertEquals("0", ok.returnValue());
        assertEquals("", ok.errno());
        StraceLine flags = StraceParser.parseLine(0, "29057 20:22:06.786291 fcntl(3, F_GETFL) = 0x8001 (flags O_WRONLY|O_LARGEFILE)");
        assertEquals("0x8001", flags.returnValue());
        assertEquals("", flags.errno());
    }

    @Test
    void parenthesesAndQuotesInsideAStringDoNotEndTheArguments() {
        StraceLine l = StraceParser.parseLine(0, "1 00:00:00.000001 write(1, \"a) = 3 \\\"q\\\"\\n\", 11) = 11");
        assertEquals(Kind.CALL, l.kind());
        assertEquals("1, \"a) = 3 \\\"q\\\"\\n\", 11", l.args());
        assertEquals("11", l.result());
    }

    @Test
    void unfinishedKeepsTheArgumentsPrintedAtEntry() {
        StraceLine l = StraceParser.parseLine(0, "29190 20:22:10.299569 accept(3,  <unfinished ...>");
        assertEquals(Kind.UNFINISHED, l.kind());
        assertEquals("accept", l.name());
        assertEquals("3, ", l.args());
        StraceLine close = StraceParser.parseLine(0, "29193 20:22:10.328023 close(3 <unfinished ...>");
        assertEquals("3", close.args());
    }

    @Test
    void resumedKeepsTheRestOfTheArgumentsAndTheResult() {
        StraceLine l = StraceParser.parseLine(0, "29190 20:22:10.321698 <... accept resumed>0x7ffde2cffd80, [16]) = ? "
                + "ERESTARTSYS (To be restarted if SA_RESTART is set)");
        assertEquals(Kind.RESUMED, l.kind());
        assertEquals("accept", l.name());
        assertEquals("0x7ffde2cffd80, [16]", l.args());
        assertEquals("? ERESTARTSYS (To be restarted if SA_RESTART is set)", l.result());
        assertEquals("?", l.returnValue());
        assertEquals("ERESTARTSYS", l.errno());
        assertEquals("To be restarted if SA_RESTART is set", l.errnoText());
        assertFalse(l.lost());
        StraceLine data = StraceParser.parseLine(0, "29193 20:22:10.336235 <... recvfrom resumed>\"beta\", 32, 0, NULL, NULL) = 4");
        assertEquals("\"beta\", 32, 0, NULL, NULL", data.args());
        assertEquals("4", data.result());
        StraceLine clone3 = StraceParser.parseLine(0, "29233 20:22:11.289392 <... clone3 resumed> => {parent_tid=[29247]}, 88) = 29247");
        assertEquals(" => {parent_tid=[29247]}, 88", clone3.args());
        assertEquals("29247", clone3.result());
    }

    @Test
    void resumedIntoTheEndOfTheProcessIsLost() {
        StraceLine l = StraceParser.parseLine(0, "29233 20:22:12.686755 <... accept resumed> <unfinished ...>) = ?");
        assertEquals(Kind.RESUMED, l.kind());
        assertTrue(l.lost());
        assertEquals("", l.args());
        assertEquals("?", l.result());
    }

    @Test
    void signalsAndEnds() {
        StraceLine s = StraceParser.parseLine(0, "29190 20:22:10.321726 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, "
                + "si_pid=29192, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---");
        assertEquals(Kind.SIGNAL, s.kind());
        assertEquals("SIGCHLD", s.name());
        assertTrue(s.args().startsWith("{si_signo=SIGCHLD,"));
        StraceLine exited = StraceParser.parseLine(0, "29192 20:22:10.321611 +++ exited with 0 +++");
        assertEquals(Kind.EXIT, exited.kind());
        assertEquals("exited", exited.name());
        assertEquals("0", exited.result());
        StraceLine killed = StraceParser.parseLine(0, "29190 20:22:10.366105 +++ killed by SIGTERM +++");
        assertEquals("killed", killed.name());
        assertEquals("SIGTERM", killed.result());
        StraceLine pipe = StraceParser.parseLine(0, "4242 10:00:00.000000 +++ killed by SIGPIPE +++");
        assertEquals("SIGPIPE", pipe.result());
        StraceLine core = StraceParser.parseLine(0, "4242 10:00:00.000000 +++ killed by SIGSEGV (core dumped) +++");
        assertEquals("SIGSEGV (core dumped)", core.result());
    }

    @Test
    void terminalPrefixAndNoTimestamp() {
        StraceLine l = StraceParser.parseLine(0, "[pid 31578] execve(\"/bin/true\", [\"/bin/true\"], 0x556cb234db08 /* 35 vars */) = 0");
        assertEquals(31578, l.tid());
        assertEquals("", l.time());
        assertEquals("execve", l.name());
        StraceLine single = StraceParser.parseLine(0, "kill(31577, 0)                          = 0");
        assertEquals(0, single.tid());
        assertEquals(Kind.CALL, single.kind());
    }

    @Test
    void anythingElseIsOtherNeverLost() {
        StraceLine l = StraceParser.parseLine(3, "1234 10:00:00.000000 +++ superseded by execve in pid 1230 +++");
        assertEquals(Kind.OTHER, l.kind());
        assertEquals("+++ superseded by execve in pid 1230 +++", l.text());
    }

    @Test
    void everyLineOfEveryCapturedTraceIsRead() {
        for (String scenario : new String[] {"client", "fork-server", "iterative-server", "iterative-server-libnet-probe",
                "server-closes-early", "usage-client", "bind-in-use", "connection-refused"}) {
            for (String b : new String[] {"c", "java"}) {
                for (StraceLine l : StraceParser.parse(Captured.lines("traces/" + scenario + "/" + b + ".raw"))) {
                    assertTrue(l.kind() != Kind.OTHER, scenario + "/" + b + ": " + l.text());
                }
            }
        }
    }
}
