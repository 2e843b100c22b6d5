/* EnvironmentException.java: something the tool needs is missing (strace, ptrace, the programs): exit status 2.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

/** The environment cannot run the comparison; the message is one line for the user. */
public final class EnvironmentException extends Exception {

    private static final long serialVersionUID = 1L;

    public EnvironmentException(String message) {
        super(message);
    }
}
