/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The C echo server a class of client tests runs both clients against (so each client twin is
 * also checked against C's server): started before the class's first test, killed after its
 * last; nothing of it may be left, and it must have written nothing on stderr.
 * Use: {@code @RegisterExtension static final CEchoServer SERVER = CEchoServer.tcp();}
 */
final class CEchoServer implements BeforeAllCallback, AfterAllCallback {

    private final String program;
    private final boolean udp;
    private Server server;

    private CEchoServer(String program, boolean udp) {
        this.program = program;
        this.udp = udp;
    }

    /** The C TCPEchoServer. */
    static CEchoServer tcp() {
        return new CEchoServer(Twins.SERVER, false);
    }

    /** The C UDP server {@code program}, up once its socket is bound. */
    static CEchoServer udp(String program) {
        return new CEchoServer(program, true);
    }

    /** Its port, as a client's argument. */
    String port() {
        return Integer.toString(server.port);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Twins.prepare();
        server = udp ? Server.startUdp(Build.C, program, true) : Server.start(Build.C, program, true);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.kill();
            server.assertNothingLeft();
            assertEquals("", server.result().stderr(), "the echo server reported an error");
        }
    }
}
