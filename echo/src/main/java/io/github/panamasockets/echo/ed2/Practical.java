/* Practical.java: the sizes of native/ed2/Practical.h, for the Java twins of the 2nd edition.
 * The header's prototypes are the twins' own classes (DieWithMessage, AddressUtility, ...);
 * only its enum sizeConstants needs a home, and this is it.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

final class Practical {

    private Practical() {
    }

    static final int MAXSTRINGLENGTH = 128; /* the longest word a UDP echo client sends */
    static final int BUFSIZE = 512;         /* bytes a TCP echo server moves per recv() */
}
