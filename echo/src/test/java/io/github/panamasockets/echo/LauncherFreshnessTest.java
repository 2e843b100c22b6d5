/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * echo/bin/lib/twin.sh's twin_jar_is_fresh, on a tree of its own (the repository's jar is left
 * alone: a class touched there would send every later launcher to the compiled classes): the
 * launcher takes the jar only while no top-level class file is newer than it.
 */
class LauncherFreshnessTest {

    @TempDir
    Path root;

    private static final Instant JAR_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private Path file(String path, Instant time) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {1});
        Files.setLastModifiedTime(file, FileTime.from(time));
        return file;
    }

    /** twin_jar_is_fresh's status with TWIN_ROOT and TWIN_JAR pointed at the temporary tree. */
    private int fresh() throws Exception {
        String script = ". \"$1/echo/bin/lib/twin.sh\"; TWIN_ROOT=$2; TWIN_JAR=$2/echo/target/twins.jar; twin_jar_is_fresh";
        Twins.Result r = Twins.run(List.of("bash", "-c", script, "fresh", Twins.ROOT.toString(), root.toString()),
                root, Twins.RUN_LIMIT);
        assertEquals("", r.stderr(), r.toString());
        return r.status();
    }

    @Test
    void theJarIsFreshUntilATopLevelClassIsCompiledAfterIt() throws Exception {
        Instant before = JAR_TIME.minusSeconds(60);
        Instant after = JAR_TIME.plusSeconds(60);
        file("echo/target/twins.jar", JAR_TIME);
        file("echo/target/classes/io/example/Client.class", before);
        file("echo/target/classes/io/example/Client$Inner.class", before);
        Path bindings = file("bindings/target/classes/io/example/deep/sockets_c.class", before);
        file("bindings/target/classes/io/example/deep/sockets_c$socket$c.class", before);
        assertEquals(0, fresh(), "every class older than the jar");

        Files.setLastModifiedTime(bindings, FileTime.from(after));
        assertEquals(1, fresh(), "a top-level class of the bindings, in a nested package, newer than the jar");

        Files.setLastModifiedTime(bindings, FileTime.from(before));
        file("echo/target/classes/io/example/Added.class", after);
        assertEquals(1, fresh(), "a new top-level class of the twins");
    }

    @Test
    void aNestedClassAloneIsNotLookedAt() throws Exception {
        // javac writes a nested class with its top-level one: one newer on its own is not a compile
        file("echo/target/twins.jar", JAR_TIME);
        file("echo/target/classes/io/example/Client.class", JAR_TIME.minusSeconds(60));
        file("echo/target/classes/io/example/Client$Inner.class", JAR_TIME.plusSeconds(60));
        assertEquals(0, fresh());
    }
}
