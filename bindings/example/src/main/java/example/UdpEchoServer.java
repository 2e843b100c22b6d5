/* UdpEchoServer.java: echoes every datagram back to its sender, forever.
 * Run: java --enable-native-access=ALL-UNNAMED -cp CLASSPATH example.UdpEchoServer <port>
 * SPDX-License-Identifier: Apache-2.0 */
package example;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the whole socket API, each call with C's errno */

public class UdpEchoServer {
    static final int ECHOMAX = 255;                               /* longest datagram echoed */

    public static void main(String[] args) {
        Arena arena = Arena.ofConfined();
        if (args.length != 1) {
            fprintf.makeInvoker().apply(stderr(), C("Usage: UdpEchoServer <port>\n"));
            exit(1);
        }
        int sock = socket(PF_INET(), SOCK_DGRAM(), IPPROTO_UDP());
        if (sock < 0) {
            perror(C("socket() failed"));                          /* C's message for C's errno */
            exit(1);
        }
        MemorySegment servAddr = sockaddr_in.allocate(arena);      /* zeroed, as memset would */
        sockaddr_in.sin_family(servAddr, (short) AF_INET());
        in_addr.s_addr(sockaddr_in.sin_addr(servAddr), htonl(INADDR_ANY()));
        sockaddr_in.sin_port(servAddr, htons((short) Integer.parseInt(args[0])));
        if (bind(sock, servAddr, (int) sockaddr_in.sizeof()) < 0) {
            perror(C("bind() failed"));
            exit(1);
        }
        MemorySegment clntAddr = sockaddr_in.allocate(arena);
        MemorySegment clntLen = arena.allocate(socklen_t);
        MemorySegment buffer = arena.allocate(ECHOMAX);
        for (;;) {
            clntLen.set(socklen_t, 0, (int) sockaddr_in.sizeof());
            long n = recvfrom(sock, buffer, ECHOMAX, 0, clntAddr, clntLen);
            if (n < 0) {
                perror(C("recvfrom() failed"));
                exit(1);
            }
            if (sendto(sock, buffer, n, 0, clntAddr, clntLen.get(socklen_t, 0)) != n) {
                perror(C("sendto() failed"));
                exit(1);
            }
        }
    }
}
