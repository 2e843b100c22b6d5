/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

/** A failure the generator reports as one message and a non-zero exit, never as a stack trace. */
final class GeneratorException extends RuntimeException {
    GeneratorException(String message) {
        super(message);
    }
}
