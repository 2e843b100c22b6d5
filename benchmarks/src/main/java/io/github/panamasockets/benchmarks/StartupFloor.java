/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The floors under the echo client's whole-process time (section 4): a JVM that does nothing
 * ({@code empty}), and one whose only work is a single downcall ({@code downcall}: getpid,
 * linked as anyone would, no binding). Run with the client's flags and an archive of their own,
 * the second minus the first is what the FFM linker's first start costs any program, before a
 * binding adds anything. Prints "ok".
 * <pre>StartupFloor empty|downcall</pre>
 */
public final class StartupFloor {

    private StartupFloor() {
    }

    public static void main(String[] args) throws Throwable {
        String mode = args.length == 1 ? args[0] : "";
        switch (mode) {
            case "empty" -> System.out.println("ok");
            case "downcall" -> {
                Linker linker = Linker.nativeLinker();
                MethodHandle getpid = linker.downcallHandle(linker.defaultLookup().findOrThrow("getpid"),
                        FunctionDescriptor.of(JAVA_INT));
                int pid = (int) getpid.invokeExact();
                System.out.println(pid > 0 ? "ok" : "getpid() returned " + pid);
            }
            default -> {
                System.err.println("Usage: StartupFloor empty|downcall");
                System.exit(1);
            }
        }
    }
}
