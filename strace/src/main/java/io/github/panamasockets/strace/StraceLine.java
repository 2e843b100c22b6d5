/* StraceLine.java: one line of `strace -f -tt` output, as parsed, before any normalisation.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

/**
 * One line of {@code strace -f -tt -o FILE} output.
 *
 * @param index  0-based position of the line in the file: the order of events
 * @param tid    the thread id strace printed in front of the line ({@code 1234 } or
 *               {@code [pid 1234] }); 0 when there was no prefix (strace without -f)
 * @param time   the timestamp as printed ({@code 19:59:38.487959}), or "" without -t
 * @param kind   what the line is
 * @param name   syscall name (CALL, UNFINISHED, RESUMED), signal name (SIGNAL),
 *               {@code exited} or {@code killed} (EXIT), "" otherwise
 * @param args   CALL: the text between the parentheses; UNFINISHED: the argument text printed
 *               before {@code <unfinished ...>}; RESUMED: the argument text printed after
 *               {@code <... name resumed>} up to the closing parenthesis; SIGNAL: the siginfo
 *               text ({@code {si_signo=...}}); "" otherwise
 * @param result CALL and RESUMED: the text after {@code = } ({@code 3},
 *               {@code -1 ECONNREFUSED (Connection refused)}, {@code ? ERESTARTSYS (...)},
 *               {@code ?}); EXIT: the status ({@code 0}) or the signal ({@code SIGTERM});
 *               "" otherwise
 * @param lost   RESUMED only: strace printed {@code <... name resumed> <unfinished ...>) = ?},
 *               the process ended inside the call and its remaining arguments are unknown
 * @param text   the line without its pid and timestamp prefix
 */
public record StraceLine(int index, int tid, String time, Kind kind, String name, String args,
                         String result, boolean lost, String text) {

    /** CALL and RESUMED: the return value as printed ({@code 3}, {@code -1}, {@code ?}, {@code 0x8001}); "" otherwise. */
    public String returnValue() {
        return kind != Kind.CALL && kind != Kind.RESUMED ? "" : returnValueOf(result);
    }

    /** CALL and RESUMED: the errno name after the return value ({@code ECONNREFUSED}, {@code ERESTARTSYS}), or "". */
    public String errno() {
        return errnoAfter(result.substring(returnValue().length()));
    }

    /**
     * The return value a call's result starts with: its first word. With {@link #errnoAfter}, the
     * one reading of strace's results, for its lines and for the normaliser's events.
     */
    static String returnValueOf(String result) {
        int sp = result.indexOf(' ');
        return sp < 0 ? result : result.substring(0, sp);
    }

    /** The errno name ({@code E} then capitals, digits, underscores) that is the first word of what follows a return value, or "". */
    static String errnoAfter(String rest) {
        String trimmed = rest.trim();
        int sp = trimmed.indexOf(' ');
        String word = sp < 0 ? trimmed : trimmed.substring(0, sp);
        return word.matches("E[A-Z0-9_]+") ? word : "";
    }

    /** The errno's text strace adds in parentheses ({@code Connection refused}), or "". */
    public String errnoText() {
        if (errno().isEmpty()) {
            return "";
        }
        int open = result.indexOf('(');
        return open >= 0 && result.endsWith(")") ? result.substring(open + 1, result.length() - 1) : "";
    }

    /** The kinds of line strace writes. */
    public enum Kind {
        /** {@code name(args) = result}: a complete call. */
        CALL,
        /** {@code name(args <unfinished ...>}: the call's entry; another thread printed before it returned. */
        UNFINISHED,
        /** {@code <... name resumed>args) = result}: the return of an UNFINISHED call of the same thread. */
        RESUMED,
        /** {@code --- SIGCHLD {...} ---}: a signal delivered to the thread. */
        SIGNAL,
        /** {@code +++ exited with N +++} or {@code +++ killed by SIGX +++}: the thread ended. */
        EXIT,
        /** Anything else ({@code +++ superseded by execve +++}, {@code --- stopped by SIGSTOP ---}, ...). */
        OTHER
    }
}
