/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import io.github.panamasockets.testkit.EchoLoad;
import io.github.panamasockets.testkit.Listeners;
import io.github.panamasockets.testkit.Polling;
import io.github.panamasockets.testkit.Ports;
import io.github.panamasockets.testkit.ProcStat;
import io.github.panamasockets.testkit.Syscalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCPEchoServer-ForkN (4 long-lived children) under bin/stress's GC-pressure mode: the Java
 * parent runs the GC-pressure agent while it rehearses and forks, so each child starts from a
 * heap copied in the middle of collections, with eden anywhere from empty to full. 600
 * connections from 16 clients at once must all be echoed, and every child must end alive and
 * resting in the same system call as the C build's children (accept), never stuck. C first,
 * under the same load, for that reference.
 */
@Timeout(300)
class ForkNStressTest {

    private static final int CONNECTIONS = 600;

    @Test
    void fourLongLivedChildrenUnderGcPressure() throws Exception {
        Path root = Root.find();
        Root.buildNative(root);
        Stress.Options o = Stress.Options.defaults(root.resolve("stress/target/stress-work-forkn"));
        Files.createDirectories(o.work());
        Path gcLog = o.work().resolve("java-forkn-gc.log");
        Files.deleteIfExists(gcLog);
        String gc = "-javaagent:" + AgentJar.write(o.work()) + "=rate=" + o.gcRate() + ",live=" + o.gcLive()
                + " -Xlog:gc:file=" + gcLog + "::filecount=0";
        String idle = run(root, o, root.resolve("native/build/TCPEchoServer-ForkN"), "", null);
        run(root, o, root.resolve("echo/bin/TCPEchoServer-ForkN"), gc, idle);
        long pauses;
        try (var lines = Files.lines(gcLog)) {
            pauses = lines.filter(l -> l.contains("Pause")).count();
        }
        assertTrue(pauses >= 1, "the Java parent was to be under GC pressure, but ran " + pauses + " GCs");
    }

    /** One server, the load, the checks; returns the system call the children rest in. */
    private static String run(Path root, Stress.Options o, Path program, String javaOptions, String idle) throws Exception {
        int port = Ports.free();
        Path stderr = o.work().resolve(program.getFileName() + "-" + port + ".stderr");
        ProcessBuilder pb = new ProcessBuilder(program.toString(), Integer.toString(port), "4")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().remove("TWIN_JAVA_OPTIONS");
        if (!javaOptions.isEmpty()) {
            pb.environment().put("TWIN_JAVA_OPTIONS", javaOptions);
        }
        Process parent = pb.start();
        assertTrue(parent.waitFor(60, TimeUnit.SECONDS), program + ": the parent did not exit after forking");
        Polling.await(Duration.ofSeconds(20), () -> Listeners.of(port).size() == 4);
        Map<Long, Long> children = new LinkedHashMap<>();
        for (long child : Listeners.of(port)) {
            ProcStat st = ProcStat.of(child);
            if (st != null) {
                children.put(child, st.startTime());
            }
        }
        try {
            assertEquals(4, children.size(), program + ": children listening " + children.keySet() + "; " + Files.readString(stderr));
            EchoLoad.Result load = EchoLoad.run(port, CONNECTIONS, 16, o.maxMessage(), o.seed(), Duration.ofSeconds(20));
            Map<Long, String> syscalls = new LinkedHashMap<>();
            boolean resting = Polling.await(Duration.ofSeconds(20), () -> {
                syscalls.clear();
                children.keySet().forEach(c -> syscalls.put(c, Syscalls.describe(c)));
                String first = syscalls.values().iterator().next();
                return syscalls.values().stream().distinct().count() == 1
                        && (idle == null ? !first.equals("running") && !first.equals("gone") : first.equals(idle));
            });
            List<Long> alive = children.keySet().stream().filter(c -> alive(c, children)).toList();
            String label = program.getFileName() + " 4 children, " + CONNECTIONS + " connections, 16 at once" + (idle == null ? "" : ", GC-pressured parent");
            System.out.println(label + ": echoed " + load.echoed() + ", lost " + load.lost() + ", children at rest in " + syscalls);
            assertAll(label,
                    () -> assertEquals(CONNECTIONS, load.echoed(), label + ": lost echoes " + load.problems()),
                    () -> assertEquals(List.copyOf(children.keySet()), alive, label + ": children alive (0 hung, 0 dead)"),
                    () -> assertTrue(resting, label + ": children back in accept (" + idle + "): " + syscalls),
                    () -> assertEquals(0, parent.exitValue(), label + ": the parent's status"),
                    () -> assertEquals("", Files.readString(stderr), label + ": stderr"));
            return syscalls.values().iterator().next();
        } finally {
            for (long child : children.keySet()) {
                if (alive(child, children)) {
                    ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            assertTrue(Polling.await(Duration.ofSeconds(20), () -> children.keySet().stream().noneMatch(c -> alive(c, children))),
                    program + ": children left running");
        }
    }

    private static boolean alive(long child, Map<Long, Long> children) {
        ProcStat st = ProcStat.of(child);
        return st != null && st.startTime() == children.get(child) && !st.zombie();
    }
}
