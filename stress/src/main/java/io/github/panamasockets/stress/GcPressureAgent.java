/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A java agent that puts the JVM it is loaded into under GC pressure: a daemon thread that
 * allocates arrays of 1 to 64 KiB at a given rate and keeps a given amount of them alive for a
 * while (so that some survive young collections, are promoted, and the old generation fills
 * and is collected too). The program's own code is not touched: this is how the stress harness
 * loads the fork server's parent with GCs (bin/stress, through the launcher's
 * TWIN_JAVA_OPTIONS). Arguments: {@code rate=MB/s,live=MB}; defaults 200 and 4.
 *
 * <p>No lambda, no nested class: the agent jar holds this class alone.
 */
public final class GcPressureAgent implements Runnable {

    private final long bytesPerSecond;
    private final byte[][] live;

    /** Where the allocations go, so that no JIT can drop them. */
    public static volatile long sink;

    private GcPressureAgent(long bytesPerSecond, int liveSlots) {
        this.bytesPerSecond = bytesPerSecond;
        this.live = new byte[liveSlots][];
    }

    public static void premain(String args, Instrumentation instrumentation) {
        premain(args);
    }

    public static void premain(String args) {
        long rate = 200;
        long liveMb = 4;
        if (args != null) {
            for (String kv : args.split(",")) {
                String[] p = kv.split("=", 2);
                if (p.length == 2 && p[0].equals("rate")) {
                    rate = Long.parseLong(p[1]);
                } else if (p.length == 2 && p[0].equals("live")) {
                    liveMb = Long.parseLong(p[1]);
                }
            }
        }
        // arrays average 32 KiB: this many slots keep about liveMb alive
        int slots = (int) Math.max(1, liveMb * 32);
        Thread t = new Thread(new GcPressureAgent(rate << 20, slots), "gc-pressure");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long start = System.nanoTime();
        long allocated = 0;
        while (true) {
            byte[] a = new byte[1024 + random.nextInt(63 * 1024)];
            a[a.length - 1] = 1;
            allocated += a.length;
            live[random.nextInt(live.length)] = a;
            sink += a.length;
            long due = (long) ((System.nanoTime() - start) / 1e9 * bytesPerSecond);
            if (allocated > due) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
