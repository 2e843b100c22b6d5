/* UdpEchoClient.java: sends one word to a UDP echo server and prints the echo, giving up after
 * two seconds without one (SO_RCVTIMEO). The README's example.
 * Run: java --enable-native-access=ALL-UNNAMED -cp CLASSPATH example.UdpEchoClient <ip> <word> <port>
 * SPDX-License-Identifier: Apache-2.0 */
package example;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the whole socket API, each call with C's errno */

public class UdpEchoClient {
    public static void main(String[] args) {
        Arena arena = Arena.ofConfined();
        if (args.length != 3) {
            fprintf.makeInvoker().apply(stderr(), C("Usage: UdpEchoClient <Server IP> <Echo Word> <Echo Port>\n"));
            exit(1);
        }
        MemorySegment word = arena.allocateFrom(args[1]);
        long wordLen = strlen(word);

        int sock = socket(PF_INET(), SOCK_DGRAM(), IPPROTO_UDP());
        if (sock < 0) {
            perror(C("socket() failed"));
            exit(1);
        }
        MemorySegment timeout = timeval.allocate(arena);          /* wait at most 2 s for the echo */
        timeval.tv_sec(timeout, 2);
        if (setsockopt(sock, SOL_SOCKET(), SO_RCVTIMEO(), timeout, (int) timeval.sizeof()) < 0) {
            perror(C("setsockopt() failed"));
            exit(1);
        }

        MemorySegment servAddr = sockaddr_in.allocate(arena);
        sockaddr_in.sin_family(servAddr, (short) AF_INET());
        if (inet_pton(AF_INET(), arena.allocateFrom(args[0]), sockaddr_in.sin_addr(servAddr)) != 1) {
            fprintf.makeInvoker().apply(stderr(), C("bad address\n"));
            exit(1);
        }
        sockaddr_in.sin_port(servAddr, htons((short) Integer.parseInt(args[2])));

        if (sendto(sock, word, wordLen, 0, servAddr, (int) sockaddr_in.sizeof()) != wordLen) {
            perror(C("sendto() failed"));
            exit(1);
        }
        MemorySegment echo = arena.allocate(wordLen + 1);         /* room for C's terminating NUL */
        long n = recvfrom(sock, echo, wordLen, 0, MemorySegment.NULL, MemorySegment.NULL);
        if (n < 0) {
            perror(C("recvfrom() failed"));                        /* no echo in 2 s: EAGAIN's text */
            exit(1);
        }
        printf.makeInvoker(C_POINTER).apply(C("Received: %s\n"), echo);
        close(sock);
    }
}
