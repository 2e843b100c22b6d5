/* Workspace.java: where the repository, the programs and the traces are, and getting the programs ready.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The repository root, the directory of each build's programs as they are run, and the trace
 * directory ({@code strace/target/traces/<scenario>/}).
 *
 * <p>Each build has a directory, {@code strace/target/bin/c} and {@code strace/target/bin/java},
 * of symlinks named as the programs; every traced program is run from there as {@code ./NAME}.
 * So argv[0], which the usage message prints, is the same string for both builds (the Java
 * launchers pass bash's {@code $0} as argv[0]).
 */
public final class Workspace {

    /** The programs the scenarios trace or play against, by the names the C build gives them. */
    static List<String> programs() {
        return Scenario.values().stream().flatMap(s -> s.programs().stream()).distinct().toList();
    }

    public final Path root;

    private Workspace(Path root) {
        this.root = root;
    }

    /** The repository above {@code start} (the first directory holding native/Makefile and echo/bin). */
    public static Workspace find(Path start) throws EnvironmentException {
        Optional<Path> root = Repository.above(start);
        if (root.isPresent()) {
            return new Workspace(root.get());
        }
        throw new EnvironmentException("cannot find the repository (a directory with native/Makefile and echo/bin) above " + start);
    }

    /** The directory a build's programs are run from. */
    Path binDir(Build b) {
        return root.resolve("strace/target/bin").resolve(b.stem);
    }

    /** The directory of one scenario's traces. */
    public Path traceDir(String scenario) {
        return root.resolve("strace/target/traces").resolve(scenario);
    }

    /** A path as the user reads it: relative to the repository root. */
    String show(Path p) {
        return root.relativize(p.toAbsolutePath().normalize()).toString();
    }

    private boolean ready;

    /**
     * Makes the C programs ({@code make -C native}), makes sure the Java twins are compiled
     * (by running a launcher once, which builds them when their classes are missing) and lays
     * out the two program directories. Once per workspace. A program missing from a build is
     * not linked: the scenarios that need it are "not built" ({@link Scenario#missing}).
     */
    synchronized void prepare() throws EnvironmentException {
        if (ready) {
            return;
        }
        run(List.of("make", "-s", "-C", root.resolve("native").toString()), "make -C native", 300);
        if (!Files.isRegularFile(root.resolve("echo/target/classes/io/github/panamasockets/echo/TCPEchoServerFork.class"))
                || !Files.isRegularFile(root.resolve("bindings/target/classes/io/github/panamasockets/Errno.class"))) {
            // a launcher builds the classes when they are missing (mvn -q -pl echo -am compile); with no
            // arguments the program itself then only prints its usage line
            runAllowingStatus(List.of(root.resolve("echo/bin/TCPEchoClient").toString()),
                    "building the Java twins (echo/bin/TCPEchoClient)", 600);
        }
        try {
            for (Build b : Build.values()) {
                Path dir = binDir(b);
                Files.createDirectories(dir);
                for (String name : programs()) {
                    Path link = dir.resolve(name);
                    Path target = b.programPath(root, name);
                    Files.deleteIfExists(link);
                    if (Files.isExecutable(target)) {
                        Files.createDirectories(link.getParent());
                        Files.createSymbolicLink(link, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot lay out " + show(root.resolve("strace/target/bin")) + ": " + e.getMessage());
        }
        ready = true;
    }

    private void run(List<String> command, String what, int seconds) throws EnvironmentException {
        int status = runAllowingStatus(command, what, seconds);
        if (status != 0) {
            throw new EnvironmentException(what + " failed (exit status " + status + ")");
        }
    }

    private int runAllowingStatus(List<String> command, String what, int seconds) throws EnvironmentException {
        Path log = null;
        Process p = null;
        try {
            log = Files.createTempFile("strace-compare", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(Map.of("LC_ALL", "C"));
            p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new EnvironmentException(what + " did not finish within " + seconds + " s");
            }
            int status = p.exitValue();
            if (status != 0 && status != 1) {
                throw new EnvironmentException(what + " failed (exit status " + status + "): " + Files.readString(log).strip());
            }
            return status;
        } catch (IOException e) {
            throw new EnvironmentException(what + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException(what + ": interrupted");
        } finally {
            if (p != null && p.isAlive()) {
                Processes.killTree(p.toHandle());
            }
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
