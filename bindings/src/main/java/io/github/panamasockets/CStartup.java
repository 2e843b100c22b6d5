/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockets_c;
import io.github.panamasockets.generated.sockets_h;

import java.lang.foreign.MemorySegment;
import java.math.BigInteger;

/**
 * Puts back the state a C program's {@code main} starts in, which the JVM changed before Java's
 * {@code main}. Run once, by {@link CStrings#argv} (the first statement of every twin's main),
 * so it comes before the program's first call (docs/differences.md):
 *
 * <ul>
 * <li>The locale. The JVM calls {@code setlocale(LC_ALL, "")}; a C program that never calls it
 *     runs in the "C" locale, so {@code perror}, {@code strerror} and {@code gai_strerror} are
 *     English whatever {@code LANG}, {@code LC_ALL} or {@code LANGUAGE} say. No system call.</li>
 * <li>SIGPIPE's disposition. A C program inherits its parent's: SIG_DFL usually, SIG_IGN under
 *     {@code trap '' PIPE} or a service manager that ignores it (then send() fails with EPIPE).
 *     The JVM installs its own handler, so the launcher reads what it was given (SigIgn of
 *     {@code /proc/PID/status}, hex) and passes it as {@code -Dtwin.sigign}; one
 *     {@code rt_sigaction} restores it. Without the property (a main run by other Java code),
 *     SIG_DFL, C's usual start.</li>
 * <li>SIGXFSZ's, the same way: the JVM's handler ignores it, so a write past the file-size
 *     limit ({@code ulimit -f}) would fail with EFBIG where C is killed (status 153).</li>
 * </ul>
 */
final class CStartup {

    private CStartup() {
    }

    /** The launcher's ignored-signal mask: bit n-1 set when signal n was ignored. */
    static final String SIGIGN_PROPERTY = "twin.sigign";

    private static boolean done;

    /** Once per JVM: the locale, then SIGPIPE and SIGXFSZ as the launcher was given them. */
    static synchronized void run() {
        if (done) {
            return;
        }
        done = true;
        // the C view's calls: linked with the shape the program's own calls share (docs/bindings.md)
        sockets_c.setlocale(sockets_h.LC_ALL(), CStrings.C("C"));
        for (int sig : new int[] {sockets_h.SIGPIPE(), sockets_h.SIGXFSZ()}) {
            sockets_c.signal(sig, ignoredAtLaunch(sig) ? Sockets.SIG_IGN() : Sockets.SIG_DFL());
        }
    }

    /** Whether the launcher's mask (-Dtwin.sigign) has {@code sig} ignored; false without one. */
    static boolean ignoredAtLaunch(int sig) {
        String mask = System.getProperty(SIGIGN_PROPERTY, "");
        try {
            return !mask.isEmpty() && new BigInteger(mask, 16).testBit(sig - 1);
        } catch (NumberFormatException e) {
            return false; // not a mask the launcher wrote: C's usual start
        }
    }
}
