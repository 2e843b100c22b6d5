/* StraceParser.java: turns the lines of `strace -f -tt` output into StraceLine records.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.panamasockets.strace.StraceLine.Kind;

/**
 * Parses strace output lines. Understands what {@code strace -f -tt -o FILE} writes (pid prefix
 * {@code 1234 }, or {@code [pid 1234] } when writing to a terminal), with or without timestamps
 * ({@code -t}, {@code -tt}, {@code -ttt}):
 * <pre>
 * 1234 19:59:38.490018 bind(3, {sa_family=AF_INET, ...}, 16) = 0
 * 1234 19:59:38.490128 accept(3,  &lt;unfinished ...&gt;
 * 1234 19:59:38.499945 &lt;... accept resumed&gt;0x7ffd..., [16]) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
 * 1234 19:59:38.499968 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1240, ...} ---
 * 1234 19:59:38.809994 +++ killed by SIGTERM +++
 * </pre>
 * A line it cannot read is kept as {@link Kind#OTHER}, never dropped silently: the normaliser
 * decides what to do with it.
 */
public final class StraceParser {

    private static final Pattern PREFIX = Pattern.compile(
            "^(?:\\[pid\\s+(\\d+)\\]\\s|(\\d+)\\s+)?(?:(\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?|\\d{9,}\\.\\d+)\\s)?");
    private static final Pattern CALL_START = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*|\\?\\?\\?\\?)\\(");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. ([A-Za-z_][A-Za-z0-9_]*|\\?\\?\\?\\?) resumed>");
    private static final Pattern SIGNAL = Pattern.compile("^--- (SIG[A-Z0-9+-]+|SIGRT\\w*) (.*) ---$");
    private static final Pattern EXITED = Pattern.compile("^\\+\\+\\+ exited with (\\d+) \\+\\+\\+$");
    private static final Pattern KILLED = Pattern.compile("^\\+\\+\\+ killed by (SIG\\w+(?: \\(core dumped\\))?) \\+\\+\\+$");
    private static final Pattern RESULT = Pattern.compile("^\\s*=\\s*(.*)$");
    private static final String UNFINISHED = " <unfinished ...>";
    private static final String DETACHED = " <detached ...>";

    private StraceParser() {
    }

    /** Parses every line; the index of each is its position in {@code lines}. */
    public static List<StraceLine> parse(List<String> lines) {
        List<StraceLine> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isEmpty()) {
                out.add(parseLine(i, lines.get(i)));
            }
        }
        return out;
    }

    /** Parses one line. */
    public static StraceLine parseLine(int index, String line) {
        Matcher prefix = PREFIX.matcher(line);
        int tid = 0;
        String time = "";
        String text = line;
        if (prefix.find()) {
            String pid = prefix.group(1) != null ? prefix.group(1) : prefix.group(2);
            tid = pid == null ? 0 : Integer.parseInt(pid);
            time = prefix.group(3) == null ? "" : prefix.group(3);
            text = line.substring(prefix.end());
        }
        return parseText(index, tid, time, text);
    }

    private static StraceLine parseText(int index, int tid, String time, String text) {
        Matcher m;
        if ((m = SIGNAL.matcher(text)).matches()) {
            return new StraceLine(index, tid, time, Kind.SIGNAL, m.group(1), m.group(2), "", false, text);
        }
        if ((m = EXITED.matcher(text)).matches()) {
            return new StraceLine(index, tid, time, Kind.EXIT, "exited", "", m.group(1), false, text);
        }
        if ((m = KILLED.matcher(text)).matches()) {
            return new StraceLine(index, tid, time, Kind.EXIT, "killed", "", m.group(1), false, text);
        }
        if ((m = RESUMED.matcher(text)).find()) {
            String name = m.group(1);
            String tail = text.substring(m.end());
            if (tail.startsWith(UNFINISHED)) {
                // "<... accept resumed> <unfinished ...>) = ?": the process ended inside the call
                String rest = tail.substring(UNFINISHED.length());
                Matcher r = RESULT.matcher(rest.startsWith(")") ? rest.substring(1) : rest);
                return new StraceLine(index, tid, time, Kind.RESUMED, name, "", r.matches() ? r.group(1).trim() : "?",
                        true, text);
            }
            int close = ArgText.closingParen(tail, 0);
            if (close >= 0) {
                Matcher r = RESULT.matcher(tail.substring(close + 1));
                if (r.matches()) {
                    return new StraceLine(index, tid, time, Kind.RESUMED, name, tail.substring(0, close),
                            r.group(1).trim(), false, text);
                }
            }
            return new StraceLine(index, tid, time, Kind.OTHER, name, tail, "", false, text);
        }
        if ((m = CALL_START.matcher(text)).find()) {
            String name = m.group(1);
            String rest = text.substring(m.end());
            if (rest.endsWith(UNFINISHED)) {
                return new StraceLine(index, tid, time, Kind.UNFINISHED, name,
                        rest.substring(0, rest.length() - UNFINISHED.length()), "", false, text);
            }
            if (rest.endsWith(DETACHED)) {
                return new StraceLine(index, tid, time, Kind.UNFINISHED, name,
                        rest.substring(0, rest.length() - DETACHED.length()), "", false, text);
            }
            int close = ArgText.closingParen(rest, 0);
            if (close >= 0) {
                Matcher r = RESULT.matcher(rest.substring(close + 1));
                if (r.matches()) {
                    return new StraceLine(index, tid, time, Kind.CALL, name, rest.substring(0, close),
                            r.group(1).trim(), false, text);
                }
            }
        }
        return new StraceLine(index, tid, time, Kind.OTHER, "", "", "", false, text);
    }
}
