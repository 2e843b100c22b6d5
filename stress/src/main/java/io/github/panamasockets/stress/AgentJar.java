/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes the jar of {@link GcPressureAgent}: that class and a manifest naming it Premain-Class. */
final class AgentJar {

    private AgentJar() {
    }

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path jar = dir.resolve("stress-agent.jar");
        String entry = GcPressureAgent.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = GcPressureAgent.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("cannot find " + entry + " on the class path");
            }
            bytes = in.readAllBytes();
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), GcPressureAgent.class.getName());
        Path tmp = Files.createTempFile(dir, "stress-agent", ".jar");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out, manifest)) {
            jos.putNextEntry(new JarEntry(entry));
            jos.write(bytes);
            jos.closeEntry();
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }
}
