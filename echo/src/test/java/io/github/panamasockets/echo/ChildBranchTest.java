/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCPEchoServerFork's rehearsal() must run the very statements of main's child branch (from
 * fork() to _exit()), so that the parent links, loads and initialises everything a child will
 * touch: a statement added to one and not the other would leave a child something to do that
 * may hang it. Both are kept by hand; this compares their source, comments and layout aside.
 */
class ChildBranchTest {

    private static final String FORK = "if ((processID = fork()) < 0)";

    @Test
    void rehearsalRunsTheStatementsOfMainsChildBranch() throws Exception {
        String source = Files.readString(Twins.ROOT.resolve(
                Path.of("echo/src/main/java/io/github/panamasockets/echo/TCPEchoServerFork.java")));
        String code = withoutComments(source);
        String main = body(code, "static void main(int argc, MemorySegment[] argv)");
        String rehearsal = body(code, "private static void rehearsal(int servSock, int clntSock)");
        String inMain = forkThroughChildBranch(main);
        String inRehearsal = forkThroughChildBranch(rehearsal);
        assertTrue(inMain.contains("_exit(0);") && inMain.contains("HandleTCPClient(clntSock);"), inMain);
        assertEquals(inMain, inRehearsal, "main's child branch and rehearsal() differ");
    }

    /** The statements from {@code if ((processID = fork()) < 0)} to the end of the child's block, blanks collapsed. */
    private static String forkThroughChildBranch(String body) {
        int start = body.indexOf(FORK);
        assertTrue(start >= 0, "no fork() call in:\n" + body);
        int childBlock = body.indexOf('{', body.indexOf("else if (processID == 0)", start));
        String branch = body.substring(start, matchingBrace(body, childBlock) + 1);
        return branch.replaceAll("\\s+", " ").trim();
    }

    /** The text between the braces of the method whose declaration is {@code signature}. */
    private static String body(String code, String signature) {
        int at = code.indexOf(signature);
        assertTrue(at >= 0, "not found: " + signature);
        int open = code.indexOf('{', at);
        return code.substring(open + 1, matchingBrace(code, open));
    }

    private static int matchingBrace(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new AssertionError("unbalanced braces after offset " + open);
    }

    /** Java source without its comments (no string literal of this file holds a comment marker). */
    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }
}
