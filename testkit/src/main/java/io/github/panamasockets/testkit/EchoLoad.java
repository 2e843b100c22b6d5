/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections to an echo server on 127.0.0.1 from a number of client threads at once: each
 * connection sends a message of 1 to {@code maxMessage} random bytes, reads the echo (bounded in
 * time), checks it byte for byte, and closes. Returns how many were echoed right, how many
 * were not (a wrong or short echo, a timeout: a lost echo) and the first problems seen.
 */
public final class EchoLoad {

    /** What a load left: echoes right, lost, and up to 20 descriptions of what went wrong. */
    public record Result(int echoed, int lost, List<String> problems) {
    }

    private EchoLoad() {
    }

    public static Result run(int port, int connections, int concurrency, int maxMessage, long seed, Duration timeout)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger echoed = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            SplittableRandom random = new SplittableRandom(seed + t);
            clients.add(Thread.ofPlatform().name("echo-client-" + t).start(() -> {
                for (int i = next.getAndIncrement(); i < connections; i = next.getAndIncrement()) {
                    byte[] message = new byte[1 + random.nextInt(maxMessage)];
                    random.nextBytes(message);
                    String problem = echo(port, message, timeout);
                    if (problem == null) {
                        echoed.incrementAndGet();
                    } else {
                        lost.incrementAndGet();
                        if (problems.size() < 20) {
                            problems.add("connection " + i + ": " + problem);
                        }
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        return new Result(echoed.get(), lost.get(), List.copyOf(problems));
    }

    /** One connection; null when the echo came back right. */
    private static String echo(int port, byte[] message, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream().write(message);
            InputStream in = s.getInputStream();
            byte[] back = in.readNBytes(message.length);
            if (!Arrays.equals(message, back)) {
                return "sent " + message.length + " bytes, got " + back.length + (back.length == message.length ? " different ones" : "");
            }
            return null;
        } catch (IOException e) {
            return e.toString();
        }
    }
}
