/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generator's command line: {@code generator @argfile}. It parses the header, builds every
 * file in memory and writes them only when all went well, so a header that does not parse
 * leaves the committed tree untouched. Exit status 0 on success, 1 on failure, 2 on bad usage.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Path.of("").toAbsolutePath(), System.err));
    }

    static int run(String[] args, Path baseDir, PrintStream err) {
        Options options;
        try {
            options = Options.parse(Arrays.asList(args), baseDir);
        } catch (GeneratorException e) {
            err.println("generator: " + e.getMessage());
            return 2;
        }
        try {
            Map<Path, String> files = generate(options, warning -> err.println("WARNING: " + warning));
            write(files);
            return 0;
        } catch (GeneratorException e) {
            err.println("generator: " + e.getMessage());
            return 1;
        } catch (ExceptionInInitializerError e) {
            // libclang missing or too old: LibClang's static initializer says which
            if (e.getCause() instanceof GeneratorException g) {
                err.println("generator: " + g.getMessage());
                return 1;
            }
            throw e;
        }
    }

    /** Every file to write, keyed by path, in a stable order. */
    static Map<Path, String> generate(Options options, java.util.function.Consumer<String> warnings) {
        Model.Unit unit = new Parser(options, warnings).parse();
        Path dir = options.output().resolve(options.targetPackage().replace('.', '/'));
        String h = options.headerClassName();
        HeaderWriter header = new HeaderWriter(options.targetPackage(), h);
        StructWriter structs = new StructWriter(options.targetPackage(), h);
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(dir.resolve(h + "$shared.java"), header.shared());
        files.put(dir.resolve(h + ".java"), header.header(unit.members()));
        for (Model.Struct struct : unit.structs()) {
            files.put(dir.resolve(struct.className() + ".java"), structs.write(struct));
        }
        for (Model.FunctionPointer pointer : unit.functionPointers()) {
            files.put(dir.resolve(pointer.className() + ".java"), structs.functionPointer(pointer));
        }
        if (options.errnoList() != null) {
            ErrnoList list = ErrnoList.read(options.errnoList());
            InlineList inline = options.inlineList() == null ? InlineList.NONE : InlineList.read(options.inlineList());
            var view = CViewWriter.file(options.targetPackage(), h, list, inline, unit);
            files.put(dir.resolve(view.getKey() + ".java"), view.getValue());
            if (!list.blocking().isEmpty() || list.conditions().values().stream().anyMatch(c -> c.restores)) {
                // C, beside the Java it belongs to: the drift checks compare it with the rest
                files.put(dir.resolve(h.replaceFirst("_h$", "") + "_trampolines.c"),
                        CViewWriter.trampolines(unit, list, options.header().getFileName().toString()));
            }
        }
        return files;
    }

    private static void write(Map<Path, String> files) {
        try {
            for (Map.Entry<Path, String> file : files.entrySet()) {
                Files.createDirectories(file.getKey().getParent());
                Files.writeString(file.getKey(), file.getValue());
            }
        } catch (IOException e) {
            throw new GeneratorException("cannot write " + e.getMessage());
        }
    }
}
