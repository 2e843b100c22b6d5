/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Datagrams.Play;
import io.github.panamasockets.echo.Datagrams.Running;
import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * BroadcastSender and BroadcastReceiver (1st edition), C build and Java build: the same usage
 * lines and errors, byte for byte, and every sender to every receiver over loopback's broadcast
 * address 127.255.255.255 (the sender sets SO_BROADCAST; lo has the broadcast route).
 */
@Timeout(180)
class BroadcastTest {

    static final String SENDER = "BroadcastSender";
    static final String RECEIVER = "BroadcastReceiver";
    static final String BROADCAST = "127.255.255.255";
    private static final List<String> HERE = List.of();  // no namespace: loopback of this machine

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    private static Result both(String scenario, String program, String... args) throws Exception {
        return Twins.both(scenario, program, args);
    }

    @Test
    void usageLines() throws Exception {
        // the sender checks only argc < 4 (more arguments are ignored, as in the book)
        for (String[] args : new String[][] {{}, {BROADCAST}, {BROADCAST, "9"}}) {
            Result r = both("sender with " + args.length + " arguments", SENDER, args);
            assertEquals(new Result(1, "", "Usage:  ./BroadcastSender <IP Address> <Port> <Send String>\n"), r);
        }
        for (String[] args : new String[][] {{}, {"9", "extra"}}) {
            Result r = both("receiver with " + args.length + " arguments", RECEIVER, args);
            assertEquals(new Result(1, "", "Usage: ./BroadcastReceiver <Broadcast Port>\n"), r);
        }
    }

    /** A receiver of a build bound to a free port: the port is picked again should it be taken meanwhile. */
    private static Running receiver(Build build) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = Twins.freePort();
            Running r = Datagrams.startReceiver(HERE, build, RECEIVER, port, Integer.toString(port));
            if (r != null) {
                return r;
            }
        }
        throw new IllegalStateException("UDP ports kept being taken");
    }

    @Test
    void everySenderToEveryReceiver() throws Exception {
        for (Build senderBuild : Build.values()) {
            for (Build receiverBuild : Build.values()) {
                String word = "from-" + senderBuild;
                Running receiver = receiver(receiverBuild);
                Play play = Datagrams.play(receiver, HERE, senderBuild, SENDER,
                        BROADCAST, Integer.toString(receiver.port), word);
                String scenario = senderBuild + " sender to " + receiverBuild + " receiver";
                assertEquals(new Result(0, "Received: " + word + "\n", ""), play.receiver(), scenario);
                // killed by its pid while it still sent: SIGKILL's status, nothing printed
                assertEquals(new Result(128 + 9, "", ""), play.sender(), scenario + ": the sender");
            }
        }
    }

    @Test
    void aDatagramLongerThanTheBufferIsCutTo255Bytes() throws Exception {
        // recvfrom() takes at most MAXRECVSTRING bytes, and the NUL goes in the byte after them
        String longWord = "0123456789".repeat(30);
        for (Build build : Build.values()) {
            Running receiver = receiver(build);
            Play play = Datagrams.play(receiver, HERE, Build.C, SENDER,
                    BROADCAST, Integer.toString(receiver.port), longWord);
            assertEquals(new Result(0, "Received: " + longWord.substring(0, 255) + "\n", ""), play.receiver(),
                    build + " receiver");
        }
    }

    @Test
    void aPercentInTheDatagramIsPrintedAsItIs() throws Exception {
        // printf("Received: %s\n", ...): the datagram is an argument, never a format
        for (Build build : Build.values()) {
            Running receiver = receiver(build);
            Play play = Datagrams.play(receiver, HERE, Build.C, SENDER,
                    BROADCAST, Integer.toString(receiver.port), "100%s%d%n");
            assertEquals(new Result(0, "Received: 100%s%d%n\n", ""), play.receiver(), build + " receiver");
        }
    }

    @Test
    void anEmptyStringIsADatagramOf0Bytes() throws Exception {
        // sendto() of 0 bytes sends one empty datagram; recvfrom() returns 0 and the receiver prints nothing after the colon
        for (Build senderBuild : Build.values()) {
            for (Build receiverBuild : Build.values()) {
                Running receiver = receiver(receiverBuild);
                Play play = Datagrams.play(receiver, HERE, senderBuild, SENDER, BROADCAST, Integer.toString(receiver.port), "");
                assertEquals(new Result(0, "Received: \n", ""), play.receiver(), senderBuild + " sender to " + receiverBuild + " receiver");
            }
        }
    }

    @Test
    void aHostNameIsNoAddress() throws Exception {
        // inet_aton() takes dotted numbers only: a name, even one /etc/hosts knows, is refused
        for (String host : new String[] {"localhost", "no-such-host.invalid"}) {
            Result r = both(host, SENDER, host, Integer.toString(Twins.freePort()), "hello");
            assertEquals(new Result(1, "", "Invalid IP address: " + host + "\n"), r);
        }
    }

    @Test
    void aMalformedAddressIsRefusedBeforeAnythingIsSent() throws Exception {
        // inet_addr() would make 999.1.1.1 INADDR_NONE, 255.255.255.255: with SO_BROADCAST on, a
        // broadcast on every interface. Both builds use inet_aton() and stop instead.
        Result r = both("999.1.1.1", SENDER, "999.1.1.1", Integer.toString(Twins.freePort()), "hello");
        assertEquals(new Result(1, "", "Invalid IP address: 999.1.1.1\n"), r);
    }

    @Test
    void aReceiverPortInUse() throws Exception {
        for (int attempt = 0; ; attempt++) {
            int port = Twins.freePort();
            try (DatagramSocket holder = new DatagramSocket(null)) {
                holder.setReuseAddress(false);  // the receiver's bind collides with it either way
                holder.bind(new InetSocketAddress(port));
                Result r = both("port " + port + " in use", RECEIVER, Integer.toString(port));
                assertEquals(new Result(1, "", "bind() failed: Address already in use\n"), r);
                return;
            } catch (BindException taken) {
                if (attempt == 4) {
                    throw taken;  // five free ports taken in a row: something is wrong
                }
            }
        }
    }
}
