/* GaiProbe.java: the Java twin of GaiProbe.c, through the bindings: for each host given,
 * getaddrinfo(host, port, AF_UNSPEC, SOCK_STREAM, AI_ADDRCONFIG), then socket() and connect() to
 * each address in turn until one connects; prints what happened.
 * SPDX-License-Identifier: Apache-2.0 */
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.github.panamasockets.Sockets.*;

public class GaiProbe {
    public static void main(String[] args) {
        Arena arena = Arena.ofConfined();
        printf p = printf.makeInvoker(C_POINTER, C_INT, C_POINTER);
        printf f = printf.makeInvoker(C_POINTER, C_POINTER);
        for (int i = 1; i < args.length; i++) {
            MemorySegment host = arena.allocateFrom(args[i]);
            MemorySegment hints = addrinfo.allocate(arena);
            addrinfo.ai_family(hints, AF_UNSPEC());
            addrinfo.ai_socktype(hints, SOCK_STREAM());
            addrinfo.ai_flags(hints, AI_ADDRCONFIG());
            MemorySegment res = arena.allocate(ValueLayout.ADDRESS);
            int rc = getaddrinfo(host, arena.allocateFrom(args[0]), hints, res);
            if (rc != 0) {
                f.apply(C("%s: getaddrinfo() failed: %s\n"), host, gai_strerror(rc));
                continue;
            }
            MemorySegment list = res.get(ValueLayout.ADDRESS, 0).reinterpret(addrinfo.sizeof());
            for (MemorySegment a = list; !a.equals(MemorySegment.NULL); a = addrinfo.ai_next(a)) {
                a = a.reinterpret(addrinfo.sizeof());
                int s = socket(addrinfo.ai_family(a), addrinfo.ai_socktype(a), addrinfo.ai_protocol(a));
                if (s < 0) {
                    perror(C("socket() failed"));
                    continue;
                }
                boolean ok = connect(s, addrinfo.ai_addr(a).reinterpret(addrinfo.ai_addrlen(a)), addrinfo.ai_addrlen(a)) == 0;
                p.apply(C("%s: family %d connect %s\n"), host, addrinfo.ai_family(a), C(ok ? "ok" : "failed"));
                close(s);
                if (ok) {
                    break;
                }
            }
            freeaddrinfo(list);
        }
        fflush(stdout());
    }
}
