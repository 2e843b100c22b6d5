/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.io.BufferedReader;
import java.io.FileReader;
import java.io.IOException;

/**
 * Opens the bindings' native library (through the first trampoline a program would need) and
 * prints the file every mapping of it comes from, one line each, as /proc/self/maps names it.
 */
public final class LibraryProbe {

    private LibraryProbe() {
    }

    public static void main(String[] args) throws IOException {
        if (SignalDispatch.restoring("getaddrinfo").address() == 0) {
            throw new IllegalStateException("no ps_r_getaddrinfo");
        }
        try (BufferedReader maps = new BufferedReader(new FileReader("/proc/self/maps"))) {
            for (String line; (line = maps.readLine()) != null; ) {
                int path = line.indexOf('/');
                if (path >= 0 && line.contains("panamasignals")) {
                    System.out.println(line.substring(path));
                }
            }
        }
    }
}
