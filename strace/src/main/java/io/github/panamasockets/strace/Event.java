/* Event.java: one call, signal or process end, once strace's split lines are merged; the rules rewrite it.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

/**
 * A call, a signal delivery or the end of a thread, made whole from one or two strace lines.
 * The rules of the normaliser drop events or rewrite their name, arguments and result; the
 * fields that identify where an event came from (thread, lines) never change.
 */
final class Event {

    enum Type { CALL, SIGNAL, EXIT }

    final Type type;
    /** The thread that made the call, received the signal or ended. */
    final int tid;
    /** Index of the line where the event starts (the call's entry) and ends (its return). */
    final int start;
    final int end;
    /** The raw line text (both halves for a merged call), for diagnostics. */
    final String raw;

    String name;
    String args;
    /** CALL: what follows {@code = }; EXIT: the status or signal; SIGNAL: unused. */
    String result;
    /** CALL: the call returned to the program (its result is not {@code ?}). */
    boolean returned;
    /** The process (thread group) of {@link #tid}, set by the process rule. */
    int pid;
    /** Set by the program-thread rule: the event is from a thread of a followed process other than its program thread. */
    boolean otherThread;
    /** A process-creating call: the pid of the new process (raw), else 0. */
    int childPid;

    Event(Type type, int tid, int start, int end, String name, String args, String result, String raw) {
        this.type = type;
        this.tid = tid;
        this.start = start;
        this.end = end;
        this.name = name;
        this.args = args;
        this.result = result;
        this.raw = raw;
        this.returned = type == Type.CALL && !result.startsWith("?");
    }

    /**
     * Where the event stands in time: a call that returned stands where it returned (a signal
     * that another thread received while this call was blocked comes before it, as it would
     * come before the restarted call in a single-threaded program); a call that never returned
     * stands where it began.
     */
    int order() {
        return returned ? end : start;
    }

    boolean isCall(String... names) {
        if (type != Type.CALL) {
            return false;
        }
        for (String n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The first token of the result: {@code 3}, {@code -1}, {@code ?}. */
    String returnValue() {
        return StraceLine.returnValueOf(result);
    }

    /** The errno name of a failed call ({@code EBADF}), or "": read as {@link StraceLine#errno} reads it. */
    String errno() {
        return StraceLine.errnoAfter(result.substring(returnValue().length()));
    }

    /** The line as the normalised trace shows it. */
    String render() {
        return switch (type) {
            case CALL -> name + "(" + args + ") = " + result;
            case SIGNAL -> "--- " + name + " " + args + " ---";
            case EXIT -> "+++ " + ("exited".equals(name) ? "exited with " : "killed by ") + result + " +++";
        };
    }

    @Override
    public String toString() {
        return tid + " " + render();
    }
}
