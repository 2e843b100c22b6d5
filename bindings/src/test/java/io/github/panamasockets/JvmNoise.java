/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockets_h;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The JVM's own work that makes system calls on the calling thread and so overwrites the real
 * (libc) errno between a downcall and the Java code after it: a full GC, defining a class in a
 * fresh class loader, loading a JDK class not loaded before, failed class and file lookups, and
 * a failing call on another thread.
 */
final class JvmNoise {

    /** A class each fresh loader defines again from its .class file. */
    static final class Reloaded {
    }

    /** JDK classes, each loaded once; java.xml's are many and a test JVM does not use them. */
    private static final Iterator<String> UNLOADED = jdkClassNames("java.xml").iterator();

    private JvmNoise() {
    }

    private static List<String> jdkClassNames(String module) {
        try {
            FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
            Path root = jrt.getPath("/modules", module);
            try (Stream<Path> files = Files.walk(root)) {
                return files.map(p -> root.relativize(p).toString())
                        .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                        .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                        .toList();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list the classes of " + module, e);
        }
    }

    /** Everything above, once. */
    static void make() throws Exception {
        System.gc();
        URL classes = Reloaded.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> again = Class.forName(Reloaded.class.getName(), true, fresh);
            if (again == Reloaded.class) {
                throw new AssertionError("the fresh loader did not define the class again");
            }
        }
        if (UNLOADED.hasNext()) {
            Class.forName(UNLOADED.next(), false, null);
        }
        Thread other = Thread.ofPlatform().start(() -> Sockets.close(-1));    // EBADF, on that thread only
        other.join(10_000);
        leaveEnoent();
    }

    /** A failed class lookup and a failed open: the real errno is ENOENT afterwards. */
    static void leaveEnoent() {
        try {
            Class.forName("io.github.panamasockets.NoSuchClass" + System.nanoTime());
        } catch (ClassNotFoundException expected) {
            // the point was the failed lookups
        }
        try (FileInputStream in = new FileInputStream("/nonexistent/errno-twins-" + System.nanoTime())) {
            throw new AssertionError("opened " + in);
        } catch (IOException expected) {
            // likewise
        }
    }

    /** libc's errno of this thread right now, read through __errno_location(): not the program's errno(). */
    static int realErrno() {
        return sockets_h.__errno_location().get(JAVA_INT, 0);
    }

    /** Sets libc's errno of this thread. */
    static void realErrno(int value) {
        sockets_h.__errno_location().set(JAVA_INT, 0, value);
    }
}
