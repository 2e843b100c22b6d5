/* FdSets.java: select()'s and pselect6()'s descriptor sets in the program's names, for rule fd-names.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part of rule fd-names: {@code select} and {@code pselect6} take a count and sets of
 * descriptors, and the kernel writes back the ready ones and the time left:
 * {@code pselect6(5, [0 3 4], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [3], left {tv_sec=0, tv_nsec=289566872})}.
 * Descriptor numbers differ between the builds, so every member of a set, in the arguments and
 * in the result, is shown by its name ({@code [0 S1 S2]}, {@code in [S1]}); a member with no name
 * keeps its number (and so shows as a difference). The count is the highest descriptor plus one
 * as C computes it: when {@code nfds - 1} has a name, it is shown as {@code S2+1}, else as its
 * number. The time left that the kernel writes back ({@code left {...}}) depends on when the
 * descriptor became ready, and is shown as {@code left {TIME}}; the timeout the program passes,
 * and a {@code 0 (Timeout)} result, are compared as written.
 */
final class FdSets {

    private static final Pattern SET = Pattern.compile("\\[([0-9 ]*)\\]");
    private static final Pattern LEFT = Pattern.compile("left \\{[^}]*\\}");

    private FdSets() {
    }

    static boolean isSelect(Event e) {
        return e.isCall("select", "pselect6", "_newselect");
    }

    /** Renames the sets and the count of a select call with the process's descriptor names. */
    static void rename(Event e, Map<Integer, String> names) {
        List<String> args = ArgText.split(e.args);
        if (!args.isEmpty()) {
            Integer nfds = ArgText.intValue(args.get(0));
            if (nfds != null && names.containsKey(nfds - 1)) {
                args.set(0, names.get(nfds - 1) + "+1");
            }
        }
        for (int i = 1; i < Math.min(4, args.size()); i++) {
            args.set(i, sets(args.get(i), names));
        }
        e.args = ArgText.join(args);
        e.result = LEFT.matcher(sets(e.result, names)).replaceAll("left {TIME}");
    }

    private static String sets(String text, Map<Integer, String> names) {
        Matcher m = SET.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            StringBuilder members = new StringBuilder();
            for (String fd : m.group(1).trim().split(" +")) {
                if (fd.isEmpty()) {
                    continue;
                }
                members.append(members.isEmpty() ? "" : " ").append(names.getOrDefault(Integer.parseInt(fd), fd));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement("[" + members + "]"));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
