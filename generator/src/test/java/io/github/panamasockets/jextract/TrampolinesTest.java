/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.panamasockets.jextract.TestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * errno list's 'blocking' column: the generator writes each marked function a native trampoline
 * (ps_b_NAME, its C declaration, PS_ENTER/PS_LEAVE around the call) into NAME_trampolines.c beside
 * the C view, and the C view calls it once SignalDispatch.direct(); an unmarked list writes no C.
 */
class TrampolinesTest {

    private static TestSupport.Run generate(Path dir, String... lines) throws IOException {
        Path list = Files.write(dir.resolve("test.errno"), List.of(lines));
        return TestSupport.runMain(resource("shapes.h").getParent(), "--output", dir.resolve("out").toString(),
                "--errno-list", list.toString(), "@shapes.argfile");
    }

    @Test
    void aBlockingFunctionGetsATrampolineAndTheViewCallsIt(@TempDir Path dir) throws IOException {
        TestSupport.Run run = generate(dir, "checked_div negative blocking", "lookup null");
        assertEquals(0, run.exitCode(), run.err());
        String c = Files.readString(dir.resolve("out/shapes/gen/shapes_trampolines.c"));
        assertTrue(c.contains("#include \"shapes.h\"") && c.contains("#include \"recorder.h\""), c);
        assertTrue(c.contains("int ps_b_checked_div(int a, int b)\n{\n    PS_ENTER();\n    int r = checked_div(a, b);\n"
                + "    PS_LEAVE();\n    return r;\n}\n"), c);
        assertFalse(c.contains("lookup"), "only the marked function: " + c);
        String view = Files.readString(dir.resolve("out/shapes/gen/shapes_c.java"));
        assertTrue(view.contains("SignalDispatch.trampoline(\"checked_div\")"), view);
        assertTrue(view.contains("(SignalDispatch.direct() ? checked_div$t.HANDLE : checked_div$c.HANDLE)"), view);
        assertFalse(view.contains("lookup$t"), view);
    }

    @Test
    void anAlwaysOrNonzeroFunctionGetsARestoringTrampolineAndTheViewPassesItErrno(@TempDir Path dir) throws IOException {
        TestSupport.Run run = generate(dir, "checked_div negative", "parse_number always blocking", "status_of nonzero");
        assertEquals(0, run.exitCode(), run.err());
        String c = Files.readString(dir.resolve("out/shapes/gen/shapes_trampolines.c"));
        assertTrue(c.contains("#include <errno.h>") && c.contains("#include \"recorder.h\""), c);
        assertTrue(c.contains("int ps_r_status_of(int ps_errno, int code)\n{\n    errno = ps_errno;\n    int r = status_of(code);\n"
                + "    return r;\n}\n"), c);
        // blocking too: one trampoline does both, errno put back after PS_ENTER (which may run Java handlers)
        assertTrue(c.contains("long ps_b_parse_number(int ps_errno, const char *s)\n{\n    PS_ENTER();\n    errno = ps_errno;\n"
                + "    long r = parse_number(s);\n    PS_LEAVE();\n    return r;\n}\n"), c);
        assertTrue(c.contains("long ps_r_parse_number(int ps_errno, const char *s)\n"), c);
        assertFalse(c.contains("checked_div"), "negative, not blocking: no trampoline: " + c);
        String view = Files.readString(dir.resolve("out/shapes/gen/shapes_c.java"));
        // erased (ErasedCall): errno is the first of the six longs, before the function's own arguments
        assertTrue(view.contains("SignalDispatch.restoring(\"status_of\"), ERASED$, VARIADIC$, Errno.CAPTURE"), view);
        assertTrue(view.contains("status_of$c.HANDLE.invokeExact(errno$.segment(), (long) errno$.errno(), (long) code, 0L, 0L, 0L, 0L, "
                + "MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL)"), view);
        assertTrue(view.contains("SignalDispatch.trampoline(\"parse_number\"), ERASED$, VARIADIC$, Errno.CAPTURE"), view);
        assertTrue(view.contains(".invokeExact(errno$.segment(), (long) errno$.errno(), s.address(), 0L, 0L, 0L, 0L, s, "), view);
        // Java writes C's errno only on a forked child's plain path
        assertEquals(2, view.split("errno\\$\\.restore\\(\\)", -1).length - 1, view);
    }

    @Test
    void noBlockingFunctionNoC(@TempDir Path dir) throws IOException {
        TestSupport.Run run = generate(dir, "checked_div negative");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(Files.exists(dir.resolve("out/shapes/gen/shapes_trampolines.c")));
    }

    @Test
    void aThirdWordOtherThanBlockingFails(@TempDir Path dir) throws IOException {
        TestSupport.Run run = generate(dir, "checked_div negative blocked");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("test.errno:1:") && run.err().contains("[blocking]"), run.err());
    }
}
