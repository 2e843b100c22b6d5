/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A launcher opens the bindings' native library where the build left it, not a copy out of the
 * jar (echo/bin/lib/twin.sh, -Dio.github.panamasockets.native.library): ed2/GetAddrInfo's
 * getaddrinfo() is a program's first call that needs it.
 */
class LauncherNativeLibraryTest {

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    @Test
    void theBuildsLibraryIsLoadedInPlace() throws Exception {
        String built = Twins.ROOT.resolve("bindings/target/classes/io/github/panamasockets/native/libpanamasignals.so").toString();
        Twins.Result r = Twins.run(Twins.command(List.of(), "ed2/GetAddrInfo", "127.0.0.1", "7"), Twins.dir(Build.JAVA),
                Twins.RUN_LIMIT, Map.of("TWIN_JAVA_OPTIONS", "-Xlog:library=info:stderr"));
        assertEquals(0, r.status(), r.toString());
        List<String> loaded = r.stderr().lines().filter(l -> l.contains("Loaded library") && l.contains("panamasignals")).toList();
        assertEquals(1, loaded.size(), r.stderr());
        assertTrue(loaded.getFirst().contains("Loaded library " + built + ","), loaded.getFirst());
    }
}
