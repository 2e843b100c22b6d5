/* PortRule.java: rule "ports", names the scenario's ports and masks the ports the kernel chose.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * <b>ports</b>: each run gets its own free listening port (a port cannot be reused at once), and
 * the kernel picks a fresh ephemeral port for every client connection. So in a sockaddr:
 * <ul>
 * <li>the port the scenario gave the program (it is in the program's arguments) is shown as
 *     {@code PORT} (a second one as {@code PORT2}), wherever it appears: a program that binds or
 *     connects to a different port than it was given still shows that port's number;</li>
 * <li>a port in the kernel's ephemeral range is shown as {@code EPHEMERAL}, but only in an
 *     address the kernel wrote (the peer that {@code accept}/{@code accept4} returns, the
 *     result of {@code getsockname}/{@code getpeername}, the source of {@code recvfrom}/{@code recvmsg}),
 *     never in one the program passed ({@code bind}, {@code connect}, {@code sendto}), unless
 *     the kernel wrote that same port earlier in the same process: a UDP server sends its echo to
 *     the address recvfrom gave it, the client's ephemeral port, and is compared as sending it
 *     back to {@code EPHEMERAL}; a program that sends to another port shows that port's number.</li>
 * </ul>
 * Every other port, and every address and family, is compared as written.
 */
final class PortRule extends Rule {

    private static final Pattern PORT = Pattern.compile("(sin6?_port=htons\\()(\\d+)(\\))");
    /** Calls and the index of the argument that holds an address the kernel wrote. */
    private static final Map<String, Integer> KERNEL_WRITTEN = Map.of(
            "accept", 1, "accept4", 1, "getsockname", 1, "getpeername", 1, "recvfrom", 4, "recvmsg", 1);

    PortRule() {
        super("ports",
                "show the scenario's port as PORT; mask ephemeral ports (as EPHEMERAL) in addresses the kernel wrote",
                FollowForksRule.class);
    }

    @Override
    public void apply(Trace trace) {
        List<Integer> given = trace.options.scenarioPorts();
        Map<Integer, Set<Integer>> seenByProcess = new HashMap<>(); // ephemeral ports the kernel wrote, per process
        for (Event e : trace.events) {
            if (e.type != Event.Type.CALL || !e.args.contains("_port=htons(")) {
                continue;
            }
            List<String> args = ArgText.split(e.args);
            Integer written = KERNEL_WRITTEN.get(e.name);
            Set<Integer> seen = seenByProcess.computeIfAbsent(e.pid, p -> new HashSet<>());
            for (int i = 0; i < args.size(); i++) {
                boolean kernel = written != null && written == i;
                args.set(i, ArgText.replaceOutsideStrings(args.get(i), PORT, m -> {
                    int port = Integer.parseInt(m.group(2));
                    int k = given.indexOf(port);
                    boolean ephemeral = port >= trace.options.ephemeralLow() && port <= trace.options.ephemeralHigh();
                    if (kernel && ephemeral) {
                        seen.add(port);
                    }
                    String shown = k == 0 ? "PORT" : k > 0 ? "PORT" + (k + 1)
                            : ephemeral && (kernel || seen.contains(port)) ? "EPHEMERAL" : m.group(2);
                    return m.group(1) + shown + m.group(3);
                }));
            }
            e.args = ArgText.join(args);
        }
    }
}
