/* NormaliseOptions.java: what the normaliser needs to know about the scenario that made a trace.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a scenario tells the normaliser.
 *
 * @param scenarioPorts  the ports the scenario gave the program (the listening port, or the port
 *                       the client is told to use), in order: the first is shown as {@code PORT},
 *                       the next as {@code PORT2}, ...
 * @param ephemeralLow   the kernel's ephemeral port range ({@code /proc/sys/net/ipv4/ip_local_port_range})
 * @param ephemeralHigh  its upper end, inclusive
 * @param handlerSignal  null, or the signal (strace's name, {@code SIGINT}) whose first handler
 *                       installed with rt_sigaction is where the program's story starts, for a
 *                       program that opens no socket before it (rule program-thread)
 */
public record NormaliseOptions(List<Integer> scenarioPorts, int ephemeralLow, int ephemeralHigh, String handlerSignal) {

    public NormaliseOptions {
        scenarioPorts = List.copyOf(scenarioPorts);
    }

    public NormaliseOptions(List<Integer> scenarioPorts, int ephemeralLow, int ephemeralHigh) {
        this(scenarioPorts, ephemeralLow, ephemeralHigh, null);
    }

    /** These options with the story anchored at the first handler installed for {@code signal} (null: none). */
    public NormaliseOptions anchoredAtHandlerOf(String signal) {
        return new NormaliseOptions(scenarioPorts, ephemeralLow, ephemeralHigh, signal);
    }

    /** The options for a scenario that gave {@code ports}, with this machine's ephemeral range. */
    public static NormaliseOptions forPorts(Integer... ports) {
        int[] range = ephemeralRange();
        return new NormaliseOptions(List.of(ports), range[0], range[1]);
    }

    /** Linux's ephemeral range, or its default 32768-60999 when /proc does not say. */
    static int[] ephemeralRange() {
        try {
            String[] f = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999};
        }
    }
}
