/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.nio.file.Path;

/**
 * The two builds of every echo program: C (native/build, made with make) and Java (the
 * launchers in echo/bin). The echo tests, strace-compare and the stress harness all run both.
 */
public enum Build {
    C("C", "c", "native/build"),
    JAVA("Java", "java", "echo/bin");

    /** As a report names it (strace-compare's side-by-side and verdict table). */
    public final String label;
    /** A file name stem for what a run of it leaves: c.raw, java.norm, ... */
    public final String stem;
    /** Where its programs are, relative to the repository root. */
    public final String programDir;

    Build(String label, String stem, String programDir) {
        this.label = label;
        this.stem = stem;
        this.programDir = programDir;
    }

    /** The program {@code name} of this build (NAME or ed2/NAME), relative to the repository root. */
    public String program(String name) {
        return programDir + "/" + name;
    }

    /** The program {@code name} of this build under the repository root {@code root}. */
    public Path programPath(Path root, String name) {
        return root.resolve(program(name));
    }
}
