/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*;

/**
 * The Java twin of echo/src/test/c/ResolveDriver.c: calls {@link ResolveName} or
 * {@link ResolveService} once and prints the result the same way, for {@link ResolveTest},
 * which runs it in a JVM of its own (the functions exit() on failure).
 */
final class ResolveDriver {

    private static final printf PRINTF_LS = printf.makeInvoker(C_LONG, C_POINTER); /* printf(fmt, unsigned long, char *) */
    private static final printf PRINTF_UU = printf.makeInvoker(C_INT, C_INT);       /* printf(fmt, unsigned, unsigned) */
    private static final fprintf FPRINTF_S = fprintf.makeInvoker(C_POINTER);

    private ResolveDriver() {
    }

    public static void main(String[] args) {
        MemorySegment[] argv = argv(args);  // args[0] is the program name, as C's argv[0]
        Arena stack = Arena.ofConfined();
        if (argv.length == 3 && args[1].equals("name")) {
            long address = ResolveName.ResolveName(argv[2]);
            MemorySegment in = in_addr.allocate(stack);
            in_addr.s_addr(in, (int) address);  // the low 32 bits: an IPv4 address
            PRINTF_LS.apply(C("%lu %s\n"), address, inet_ntoa(in));
            exit(0);
        }
        if (argv.length == 4 && args[1].equals("service")) {
            short port = ResolveService.ResolveService(argv[2], argv[3]);
            PRINTF_UU.apply(C("%u %u\n"), Short.toUnsignedInt(port), Short.toUnsignedInt(ntohs(port)));
            exit(0);
        }
        FPRINTF_S.apply(stderr(), C("usage: %s name <name> | service <service> <protocol>\n"), argv[0]);
        exit(2);
    }
}
