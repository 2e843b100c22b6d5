/* AddressRule.java: rule "addresses", masks memory addresses passed as arguments.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.regex.Pattern;

/**
 * <b>addresses</b>: where strace cannot show what a pointer points to (a buffer of a call that
 * did not return, a result pointer), it prints the address ({@code 0x7ffd38b3c5c0}). C's stack
 * and Java's native segments are at different addresses in every run. Hexadecimal numbers of 8
 * digits or more outside quoted strings are shown as {@code ADDR}; {@code NULL} stays
 * {@code NULL}, so passing a null pointer where the other program passes a buffer is still
 * seen. Flags and small constants (fewer than 8 hex digits) are compared as written.
 */
final class AddressRule extends Rule {

    private static final Pattern ADDRESS = Pattern.compile("\\b0x[0-9a-f]{8,}\\b");

    AddressRule() {
        super("addresses",
                "show memory addresses (hex of 8+ digits outside strings) as ADDR; NULL stays NULL",
                MergeResumedRule.class);
    }

    @Override
    public void apply(Trace trace) {
        for (Event e : trace.events) {
            if (e.type == Event.Type.CALL) {
                e.args = ArgText.replaceOutsideStrings(e.args, ADDRESS, m -> "ADDR");
            }
        }
    }
}
