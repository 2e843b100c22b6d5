/* Build.java: the two builds of every echo program, C and Java.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.nio.file.Path;

/** The C build (native/build, made with make) and the Java build (the launchers in echo/bin). */
public enum Build {
    C("C", "c", "native/build"),
    JAVA("Java", "java", "echo/bin");

    /** As the side-by-side and the verdict table name it. */
    public final String label;
    /** The file name stem of its traces: c.raw, java.norm, ... */
    public final String stem;
    /** Where its programs are, relative to the repository root. */
    public final String programDir;

    Build(String label, String stem, String programDir) {
        this.label = label;
        this.stem = stem;
        this.programDir = programDir;
    }

    /** The program {@code name} of this build, relative to the repository root. */
    public String program(String name) {
        return programDir + "/" + name;
    }

    Path programPath(Path root, String name) {
        return root.resolve(program(name));
    }
}
