/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.github.panamasockets.jextract.TestSupport.execOk;
import static io.github.panamasockets.jextract.TestSupport.gcc;
import static io.github.panamasockets.jextract.TestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * shapes.h's bindings generated (with the argfile and any extra options), compiled in-process
 * with ShapesCalls.java and any extra sources of src/test/resources, and loaded beside the
 * library that implements shapes.h (shapes_lib.c); and what gcc says about shapes.h
 * (shapes_probe.c). What GeneratorShapesTest and CViewTest share.
 *
 * @param probe the probe's lines, keyed by their first words: "sizeof point" -> "8 4"
 */
record ShapesBuild(TestSupport.Run generation, Map<Path, String> generated, Map<String, String> probe,
                   URLClassLoader loader) implements AutoCloseable {

    static final String PKG = "shapes.gen";

    static ShapesBuild build(Path work, List<String> options, List<String> extraSources) throws Exception {
        Path resources = resource("shapes.h").getParent();
        Path src = work.resolve("src");
        List<String> args = new ArrayList<>(List.of("--output", src.toString()));
        args.addAll(options);
        args.add("@shapes.argfile");
        // the argfile's header path is relative to the base directory: the resources, not the current directory
        TestSupport.Run generation = TestSupport.runMain(resources, args.toArray(String[]::new));
        assertEquals(0, generation.exitCode(), "generation failed:\n" + generation.err());
        Map<Path, String> generated = TestSupport.snapshot(src);

        gcc(work, "-std=gnu11", "-Wall", "-I" + resources, "-o", "shapes_probe", resource("shapes_probe.c").toString());
        Map<String, String> probe = new TreeMap<>();
        for (String line : execOk(work, List.of(work.resolve("shapes_probe").toString())).lines().toList()) {
            String[] words = line.split(" ");
            int keyWords = words[0].equals("field") || words[0].equals("dims") ? 3 : 2;
            probe.put(String.join(" ", Arrays.copyOf(words, keyWords)),
                    String.join(" ", Arrays.copyOfRange(words, keyWords, words.length)));
        }
        Path library = work.resolve("libshapes.so");
        List<String> librarySources = new ArrayList<>(List.of(resource("shapes_lib.c").toString()));
        Path trampolines = src.resolve("shapes/gen/shapes_trampolines.c");
        if (Files.exists(trampolines)) {
            librarySources.add(trampolines.toString());   // the C view's restoring trampolines (ps_r_)
        }
        List<String> gccArgs = new ArrayList<>(List.of("-std=gnu11", "-Wall", "-shared", "-fPIC", "-I" + resources, "-o", library.toString()));
        gccArgs.addAll(librarySources);
        gcc(work, gccArgs.toArray(String[]::new));

        Path classes = work.resolve("classes");
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(src)) {
            sources = new ArrayList<>(walk.filter(p -> p.toString().endsWith(".java")).toList());
        }
        sources.add(resource("ShapesCalls.java"));
        extraSources.forEach(name -> sources.add(resource(name)));
        TestSupport.compile(sources, classes);
        // the platform loader as parent: the generated classes see the JDK and each other, nothing of the tests
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        // before any binding looks a symbol up; see ShapesCalls.load for why the load happens over there
        Class.forName("shapes.calls.ShapesCalls", true, loader).getMethod("load", String.class)
                .invoke(null, library.toString());
        return new ShapesBuild(generation, generated, probe, loader);
    }

    /** A generated class by its name in the package: {@code point}, or {@code handler.u} for a nested one. */
    Class<?> load(String name) {
        try {
            return Class.forName(PKG + "." + name.replace('.', '$'), true, loader);
        } catch (ClassNotFoundException e) {
            return fail("no generated class " + name);
        }
    }

    /** The probe's number for a key with one value: "errno EDOM" -> 33. */
    long fact(String key) {
        String value = probe.get(key);
        if (value == null) {
            return fail("shapes_probe.c does not print " + key);
        }
        return Long.parseLong(value.split(" ")[0]);
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
