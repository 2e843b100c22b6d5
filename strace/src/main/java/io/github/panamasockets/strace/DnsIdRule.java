/* DnsIdRule.java: rule "dns-id", masks the random id of libc's name server queries and their answers.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <b>dns-id</b>: a name that /etc/hosts lacks makes getaddrinfo ask the name server of
 * /etc/resolv.conf, over a UDP socket it connects to port 53, on the program's thread, with the
 * same calls in both builds (connect, sendmmsg of the A and AAAA queries, recvfrom of each
 * answer, close). Each query begins with a 16-bit id that libc draws at random, and its answer
 * repeats it: in the messages of the calls on such a socket (and of a call addressed to port 53
 * itself), the first two bytes are shown as {@code <id>}. Every other byte, question and answer,
 * is compared, and a socket connected anywhere else is never touched. Over TCP a message starts
 * with its length, not the id: not masked.
 */
final class DnsIdRule extends Rule {

    private static final Set<String> MESSAGE_CALLS = Set.of("sendmmsg", "sendmsg", "sendto", "send", "write",
            "recvmmsg", "recvmsg", "recvfrom", "recv", "read");
    /** The calls whose second argument is the message itself (the others carry it as iov_base). */
    private static final Set<String> BUFFER_CALLS = Set.of("sendto", "send", "write", "recvfrom", "recv", "read");
    private static final String PORT_53 = "_port=htons(53)";
    private static final Pattern IOV_BASE = Pattern.compile("iov_base=\"");
    /** One byte as strace shows it in a string: an escape or a plain character. */
    private static final Pattern BYTE = Pattern.compile("\\\\(?:[0-7]{1,3}|x[0-9a-fA-F]{2}|.)|[^\\\\\"]");

    DnsIdRule() {
        super("dns-id",
                "in the messages of a socket connected to port 53 (libc asking a name server), the first two bytes, "
                + "the query's random id, become <id>",
                FdNameRule.class);
    }

    @Override
    public void apply(Trace trace) {
        Set<String> toNameServer = new HashSet<>(); // "pid fd" of each socket connected to port 53
        for (Event e : trace.events) {
            if (e.type != Event.Type.CALL || e.args == null || e.args.isEmpty()) {
                continue;
            }
            List<String> args = ArgText.split(e.args);
            String socket = e.pid + " " + args.get(0);
            if (e.isCall("connect")) {
                if (e.args.contains(PORT_53)) {
                    toNameServer.add(socket);
                } else {
                    toNameServer.remove(socket);
                }
            } else if (e.isCall("close")) {
                toNameServer.remove(socket);
            } else if (MESSAGE_CALLS.contains(e.name) && (toNameServer.contains(socket) || e.args.contains(PORT_53))) {
                e.args = BUFFER_CALLS.contains(e.name) ? maskSecondArgument(e.args) : maskIovBases(e.args);
            }
        }
    }

    private static String maskIovBases(String args) {
        StringBuilder out = new StringBuilder();
        Matcher m = IOV_BASE.matcher(args);
        int done = 0;
        while (m.find(done)) {
            int quote = m.end() - 1;
            out.append(args, done, quote);
            int end = ArgText.endOfString(args, quote);
            out.append(maskId(args.substring(quote, end)));
            done = end;
        }
        return out.append(args.substring(done)).toString();
    }

    private static String maskSecondArgument(String args) {
        int comma = args.indexOf(", ");
        if (comma < 0 || comma + 2 >= args.length() || args.charAt(comma + 2) != '"') {
            return args;
        }
        int quote = comma + 2;
        int end = ArgText.endOfString(args, quote);
        return args.substring(0, quote) + maskId(args.substring(quote, end)) + args.substring(end);
    }

    /** A string literal with its first two bytes as {@code <id>}; one shorter than that as it was. */
    private static String maskId(String literal) {
        Matcher b = BYTE.matcher(literal);
        int at = 1;
        for (int i = 0; i < 2; i++) {
            if (!b.find(at) || b.start() != at) {
                return literal;
            }
            at = b.end();
        }
        return "\"<id>" + literal.substring(at);
    }
}
