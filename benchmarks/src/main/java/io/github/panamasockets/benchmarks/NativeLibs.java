/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where native/jni's outputs are: the JNI library, the C reference programs. The build writes the
 * directory into {@code native.properties}; {@code -Dpsbench.native.dir=DIR} overrides it (the run
 * script passes it to every JVM it starts, JMH's forks included).
 */
public final class NativeLibs {

    private NativeLibs() {
    }

    public static Path dir() {
        String dir = System.getProperty("psbench.native.dir");
        if (dir == null) {
            Properties p = new Properties();
            try (InputStream in = NativeLibs.class.getResourceAsStream("native.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dir = p.getProperty("native.dir");
        }
        if (dir == null) {
            throw new IllegalStateException("native/jni build directory unknown: pass -Dpsbench.native.dir=DIR");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    /** A file of native/jni/build, which must exist: the message says how to build it. */
    public static Path file(String name) {
        Path p = dir().resolve(name);
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " not found: build it with 'make -C native/jni' "
                    + "(mvn -pl benchmarks -am package does)");
        }
        return p;
    }
}
