/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SafepointCounter's reading of /proc/self/maps by hand gives what splitting each line at runs of
 * white space (at most six fields, the path keeping its own spaces) gives: for every line of this
 * JVM's maps, and for the shapes a line can take.
 */
class ProcMapsLineTest {

    /** The reference: the whole line trimmed, split at white space into at most six fields. */
    private static SafepointCounter.Mapping bySplit(String line) {
        String[] f = line.trim().split("\\s+", 6);
        String[] range = f[0].split("-");
        return new SafepointCounter.Mapping(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16),
                f[1], Long.parseUnsignedLong(f[2], 16), f.length == 6 ? f[5] : "");
    }

    @Test
    void everyLineOfThisJvmsMapsAndEachShapeOfLine() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1));
        assertTrue(lines.size() > 50, "a JVM maps more than " + lines.size() + " regions");
        lines.addAll(List.of(
                "7f0000000000-7f0000001000 rw-p 00000000 00:00 0 ",   // anonymous, padding and no path
                "7f0000000000-7f0000001000 ---p 00000000 00:00 0",    // anonymous, nothing after the inode
                "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]",
                "7f1234560000-7f1234570000 r-xp 0001a000 fd:01 1234567                    /opt/a dir/lib jvm.so",
                "7f1234560000-7f1234570000 rw-s 00000000 00:05 42                         /dev/shm/x (deleted)"));
        for (String line : lines) {
            assertEquals(bySplit(line), SafepointCounter.Mapping.parse(line), line);
        }
    }
}
