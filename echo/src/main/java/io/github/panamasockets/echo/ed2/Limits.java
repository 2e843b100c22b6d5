/* Limits.java: the one constant of C's <limits.h> the 2nd edition's Java twins use.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import static io.github.panamasockets.Sockets.C_CHAR;

final class Limits {

    private Limits() {
    }

    /* C's CHAR_BIT, bits in a char. The bindings have no macro for it; C_CHAR is Java's byte
     * (FFM runs only where a char is 8 bits), so it is Java's bits per byte times C_CHAR's size. */
    static final int CHAR_BIT = (int) C_CHAR.byteSize() * Byte.SIZE;
}
