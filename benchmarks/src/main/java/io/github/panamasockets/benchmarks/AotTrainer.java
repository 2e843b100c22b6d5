/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Runs a program's main for a JDK 25 AOT training run ({@code -XX:AOTCacheOutput=FILE}), so that
 * the cache records the real program, even one that ends in libc's {@code exit()} as the echo
 * twins do. The cache is written at JVM shutdown, which {@code exit()} never reaches; so this
 * first loads native/jni's libaotexit.so, whose {@code exit()} the generated bindings find
 * before libc's (they look in the class loader's libraries first) and which calls
 * {@code System.exit}. Used for training only: timed runs start the program's own main.
 * <pre>AotTrainer LIBAOTEXIT MAINCLASS ARGS...</pre>
 */
public final class AotTrainer {

    private AotTrainer() {
    }

    public static void main(String[] args) throws Throwable {
        System.load(args[0]);
        Class<?> main = Class.forName(args[1]);
        String[] rest = Arrays.copyOfRange(args, 2, args.length);
        MethodHandles.publicLookup()
                .findStatic(main, "main", MethodType.methodType(void.class, String[].class))
                .invokeExact(rest);
        System.exit(0); // a main that returns: the JVM's shutdown writes the cache
    }
}
