/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether some socket listens on a TCP port, read from the kernel's tables /proc/net/tcp (IPv4)
 * and /proc/net/tcp6 (IPv6, dual-stack sockets included). Reading the tables makes no
 * connection: probing with connect() would be a client that the server under test accepts,
 * serves, and (a fork server) forks a child for, changing what the test or the trace sees.
 */
public final class ProcNetTcp {

    static final Path TCP = Path.of("/proc/net/tcp");
    static final Path TCP6 = Path.of("/proc/net/tcp6");
    static final Path UDP = Path.of("/proc/net/udp");
    static final Path UDP6 = Path.of("/proc/net/udp6");
    /** The st column of a bound, unconnected UDP socket (TCP_CLOSE, as the kernel shows UDP). */
    static final String UDP_UNCONNECTED = "07";
    /** The st column of a listening socket (TCP_LISTEN). */
    static final String LISTEN = "0A";

    private ProcNetTcp() {
    }

    /**
     * Whether a socket of this network namespace listens on {@code port}, over IPv4 or IPv6, on
     * any address.
     *
     * @throws UncheckedIOException if /proc/net/tcp cannot be read (not Linux, or no /proc);
     *     a missing /proc/net/tcp6 (a kernel without IPv6) counts as no IPv6 listener
     */
    public static boolean listening(int port) {
        return listensIn(lines(TCP, true), port) || listensIn(lines(TCP6, false), port);
    }

    /**
     * Whether a UDP socket of this network namespace is bound to {@code port} (and not
     * connected: a server's socket), over IPv4 or IPv6, on any address. The UDP servers' "listening".
     */
    public static boolean udpBound(int port) {
        return listensIn(lines(UDP, true), port, UDP_UNCONNECTED) || listensIn(lines(UDP6, false), port, UDP_UNCONNECTED);
    }

    static boolean listensIn(List<String> lines, int port) {
        return listensIn(lines, port, LISTEN);
    }

    /**
     * Whether these lines of a /proc/net/tcp* or udp* table hold a socket in {@code state} whose local
     * port is {@code port}. Columns: sl, local_address (ADDR:PORT, the port in 4 hex digits),
     * rem_address, st, ...; the header line matches nothing.
     */
    static boolean listensIn(List<String> lines, int port, String state) {
        String localPort = String.format(Locale.ROOT, ":%04X", port);
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].endsWith(localPort) && f[3].equals(state)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> lines(Path table, boolean required) {
        try {
            return Files.readAllLines(table);
        } catch (NoSuchFileException absent) {
            if (required) {
                throw new UncheckedIOException(absent);
            }
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
