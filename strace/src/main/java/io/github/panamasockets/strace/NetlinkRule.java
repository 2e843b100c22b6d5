/* NetlinkRule.java: rule "netlink", masks the run-specific numbers of libc's AF_NETLINK address queries.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * <b>netlink</b>: getaddrinfo with {@code AI_ADDRCONFIG} asks the kernel for the interfaces'
 * addresses over an {@code AF_NETLINK} socket on the program's thread (bind, getsockname,
 * sendto {@code RTM_GETADDR}, recvmsg), the same calls in both builds. Two numbers in them
 * change from run to run: the socket's port id, which the kernel sets to the process's pid
 * ({@code nl_pid=4242}, {@code nlmsg_pid=4242}: shown as the process's name, P1, as rule
 * pid-names names pids, or {@code OUTSIDE}; 0, the kernel's own, stays), and glibc's sequence
 * number, seeded from the clock ({@code nlmsg_seq=1796284330}: shown as {@code SEQ}). Every
 * other byte, the interfaces and addresses the kernel answers with included, is compared: a
 * second lookup in one build is still a difference.
 */
final class NetlinkRule extends Rule {

    private static final Pattern SEQ = Pattern.compile("\\bnlmsg_seq=\\d+");
    private static final Pattern PORT_ID = Pattern.compile("\\b(nl_pid|nlmsg_pid)=(\\d+)");

    NetlinkRule() {
        super("netlink",
                "in AF_NETLINK calls (getaddrinfo's AI_ADDRCONFIG), nlmsg_seq (clock-seeded) becomes SEQ and a "
                + "port id (the process's pid) the process's name",
                ProgramThreadRule.class);
    }

    @Override
    public void apply(Trace trace) {
        Map<Integer, String> labels = trace.labelsByPid();
        for (Event e : trace.events) {
            if (e.type != Event.Type.CALL || !e.args.contains("nl")) {
                continue;
            }
            e.args = ArgText.replaceOutsideStrings(e.args, SEQ, m -> "nlmsg_seq=SEQ");
            e.args = ArgText.replaceOutsideStrings(e.args, PORT_ID, m -> {
                int pid = Integer.parseInt(m.group(2));
                return m.group(1) + "=" + (pid == 0 ? "0" : labels.getOrDefault(pid, "OUTSIDE"));
            });
        }
    }
}
