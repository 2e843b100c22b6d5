/* Scenario.java: the scenarios strace-compare runs, each with the C build and with the Java build.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

/**
 * The scenarios. In each, one program is traced (the one named here); whatever else takes part
 * (a server for a client, clients for a server) runs untraced and is the same for both builds:
 * the C build's program, or a helper of this tool written with java.net. Loopback only.
 */
public enum Scenario {
    CLIENT("client", "TCPEchoClient", "the client sends one word to the C TCPEchoServer (untraced) and prints the echo",
            Drivers::client),
    ITERATIVE_SERVER("iterative-server", "TCPEchoServer",
            "three C clients (untraced) one after the other; the server is ended with SIGTERM while in accept()",
            Drivers::iterativeServer),
    FORK_SERVER("fork-server", "TCPEchoServer-Fork",
            "three clients one after the other; parent and each child compared; each client sends its word only "
                    + "once the parent is back in accept(), and the next comes once the child's SIGCHLD was delivered",
            Drivers::forkServer),
    CONNECTION_REFUSED("connection-refused", "TCPEchoClient", "the client connects to a loopback port where nothing listens",
            Drivers::connectionRefused),
    BIND_IN_USE("bind-in-use", "TCPEchoServer", "the server binds a port another socket already listens on",
            Drivers::bindInUse),
    BIND_IN_USE_FORK("bind-in-use-fork", "TCPEchoServer-Fork", "the fork server binds a port another socket already listens on",
            Drivers::bindInUse),
    SERVER_CLOSES_EARLY("server-closes-early", "TCPEchoClient",
            "the client's server (a helper) reads the word and closes without echoing it", Drivers::serverClosesEarly),
    USAGE_CLIENT("usage-client", "TCPEchoClient", "the client with one argument: usage message, exit status 1",
            Drivers.usage("127.0.0.1")),
    USAGE_SERVER("usage-server", "TCPEchoServer", "the server with no argument: usage message, exit status 1",
            Drivers.usage()),
    USAGE_FORK_SERVER("usage-fork-server", "TCPEchoServer-Fork", "the fork server with two arguments: usage message, exit status 1",
            Drivers.usage("7", "7"));

    /** As given on the command line. */
    public final String id;
    /** The traced program, by the C build's name. */
    public final String program;
    public final String description;
    final Drivers.Driver driver;

    Scenario(String id, String program, String description, Drivers.Driver driver) {
        this.id = id;
        this.program = program;
        this.description = description;
        this.driver = driver;
    }

    /** The scenario called {@code id}, or null. */
    public static Scenario byId(String id) {
        for (Scenario s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        return null;
    }

    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(s -> s.id).toList();
    }
}
