/* PidNameRule.java: rule "pid-names", names processes P1, P2, ... by order of creation, wherever their pids appear.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <b>pid-names</b>: pids differ from run to run. The followed processes are named by order of
 * creation, P1 first (rule program-thread), and each pid is replaced by its name where the
 * program sees one: fork's result, wait4's argument and result, kill's argument, fcntl's
 * F_SETOWN argument, a signal's {@code si_pid}. A pid that is not a followed process's (the test that sent SIGTERM) becomes
 * {@code OUTSIDE}. The fork server prints its children's pids ({@code with child process: 4242});
 * in what a followed process writes to fds 1 and 2, a number that is the pid of a followed
 * process (digits not next to other digits) becomes its name, and the write's byte count and
 * result change by the same number of bytes (only then, and only when strace showed the whole
 * buffer), so a pid of 5 digits and one of 6 compare alike while every other byte and count is
 * compared as written.
 */
final class PidNameRule extends Rule {

    private static final Pattern SI_PID = Pattern.compile("si_pid=(\\d+)");
    private static final Pattern NUMBER = Pattern.compile("(?<![0-9\\\\])([0-9]+)(?![0-9])");

    PidNameRule() {
        super("pid-names",
                "name processes P1, P2, ... by order of creation in fork/wait4/kill/si_pid and in pids the program prints",
                FollowForksRule.class, ProgramThreadRule.class);
    }

    @Override
    public void apply(Trace trace) {
        Map<Integer, String> labels = trace.labelsByPid();
        for (Event e : trace.events) {
            switch (e.type) {
                case SIGNAL -> e.args = ArgText.replaceOutsideStrings(e.args, SI_PID,
                        m -> "si_pid=" + label(labels, Integer.parseInt(m.group(1))));
                case CALL -> renameInCall(e, labels);
                case EXIT -> {
                }
            }
        }
    }

    private static String label(Map<Integer, String> labels, int pid) {
        if (pid == 0) {
            return "0";
        }
        return labels.getOrDefault(pid, "OUTSIDE");
    }

    private static void renameInCall(Event e, Map<Integer, String> labels) {
        if (e.childPid != 0) {
            e.result = labels.getOrDefault(e.childPid, "OUTSIDE");
            return;
        }
        Integer ret = ArgText.intValue(e.returnValue());
        switch (e.name) {
            case "wait4", "waitid", "waitpid" -> {
                List<String> args = ArgText.split(e.args);
                if (e.name.equals("waitid") && args.size() >= 2) {
                    renameArg(args, 1, labels);
                } else if (!args.isEmpty()) {
                    renameArg(args, 0, labels);
                }
                e.args = ArgText.join(args);
                if (ret != null && ret > 0) {
                    e.result = label(labels, ret) + e.result.substring(e.returnValue().length());
                }
            }
            case "fcntl" -> {  // fcntl(fd, F_SETOWN, pid): the process SIGIO goes to
                List<String> args = ArgText.split(e.args);
                if (args.size() == 3 && args.get(1).equals("F_SETOWN")) {
                    renameArg(args, 2, labels);
                    e.args = ArgText.join(args);
                }
            }
            case "kill", "tkill", "tgkill" -> {
                List<String> args = ArgText.split(e.args);
                renameArg(args, 0, labels);
                e.args = ArgText.join(args);
            }
            case "write" -> renameInOutput(e, labels);
            default -> {
            }
        }
    }

    private static void renameArg(List<String> args, int i, Map<Integer, String> labels) {
        Integer pid = ArgText.intValue(args.get(i));
        if (pid != null && pid > 0) {
            args.set(i, label(labels, pid));
        }
    }

    /** write(1 or 2, "...", n) = n: pids in the text become names, the counts follow. */
    private static void renameInOutput(Event e, Map<Integer, String> labels) {
        List<String> args = ArgText.split(e.args);
        if (args.size() != 3 || !(args.get(0).equals("1") || args.get(0).equals("2")) || !args.get(1).startsWith("\"")) {
            return;
        }
        String data = args.get(1);
        boolean whole = data.endsWith("\"");
        Matcher m = NUMBER.matcher(data);
        StringBuilder sb = new StringBuilder();
        int delta = 0;
        while (m.find()) {
            String digits = m.group(1);
            String name = digits.length() <= 9 ? labels.get(Integer.parseInt(digits)) : null;
            if (name == null) {
                m.appendReplacement(sb, digits);
            } else {
                m.appendReplacement(sb, name);
                delta += name.length() - digits.length();
            }
        }
        m.appendTail(sb);
        if (sb.toString().equals(data)) {
            return;
        }
        args.set(1, sb.toString());
        if (whole && delta != 0) {
            Integer count = ArgText.intValue(args.get(2));
            Integer ret = ArgText.intValue(e.returnValue());
            if (count != null) {
                args.set(2, String.valueOf(count + delta));
            }
            if (ret != null && ret >= 0) {
                e.result = (ret + delta) + e.result.substring(e.returnValue().length());
            }
        }
        e.args = ArgText.join(args);
    }
}
