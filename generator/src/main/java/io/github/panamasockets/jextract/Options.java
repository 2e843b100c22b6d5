/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line, in jextract's own option names, so that one argfile drives both jextract
 * and this generator. Only the options the project uses are accepted; any other is an error.
 */
record Options(Path header, Path output, String targetPackage, String headerClassName, List<String> clangArgs,
               Set<String> functions, Set<String> structs, Set<String> unions, Set<String> typedefs,
               Set<String> constants, Set<String> vars, Path errnoList, Path inlineList) {

    static final String USAGE = """
            usage: generator [options] <header.h>   (options may come from @argfile, one per line)
              --output <dir>               where the package tree is written (default .)
              -t, --target-package <pkg>   package of the generated classes
              --header-class-name <name>   name of the header class (default: <header>_h)
              -I <dir>, -D <macro[=value]> passed to clang
              --include-function <name>    --include-struct <name>   --include-union <name>
              --include-typedef <name>     --include-constant <name> --include-var <name>
              --errno-list <file>          also write <header>_c: each function with C's errno (the
                                           file's list) and checked pointer arguments; not a jextract
                                           option, so give it on the command line, not in the argfile
              --inline-list <file>         with --errno-list: the functions <header>_c computes in Java
                                           (the file's list: what optimised C calls none for)""";

    static Options parse(List<String> arguments, Path baseDir) {
        List<String> args = expand(arguments, baseDir);
        Path header = null;
        Path output = baseDir;
        String pkg = "";
        String headerClass = null;
        List<String> clang = new ArrayList<>();
        Path errnoList = null;
        Path inlineList = null;
        Set<String> functions = new LinkedHashSet<>(), structs = new LinkedHashSet<>(), unions = new LinkedHashSet<>(),
                typedefs = new LinkedHashSet<>(), constants = new LinkedHashSet<>(), vars = new LinkedHashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--output" -> output = baseDir.resolve(value(args, ++i, arg));
                case "-t", "--target-package" -> pkg = value(args, ++i, arg);
                case "--header-class-name" -> headerClass = value(args, ++i, arg);
                case "-I" -> clang.add("-I" + baseDir.resolve(value(args, ++i, arg)));
                case "-D" -> clang.add("-D" + value(args, ++i, arg));
                case "--include-function" -> functions.add(value(args, ++i, arg));
                case "--include-struct" -> structs.add(value(args, ++i, arg));
                case "--include-union" -> unions.add(value(args, ++i, arg));
                case "--include-typedef" -> typedefs.add(value(args, ++i, arg));
                case "--include-constant" -> constants.add(value(args, ++i, arg));
                case "--include-var" -> vars.add(value(args, ++i, arg));
                case "--errno-list" -> errnoList = baseDir.resolve(value(args, ++i, arg)).normalize();
                case "--inline-list" -> inlineList = baseDir.resolve(value(args, ++i, arg)).normalize();
                default -> {
                    if (arg.startsWith("-")) {
                        throw new GeneratorException("unknown option " + arg + "\n" + USAGE);
                    }
                    if (header != null) {
                        throw new GeneratorException("only one header is supported, got " + header + " and " + arg);
                    }
                    header = baseDir.resolve(arg);
                }
            }
        }
        if (header == null) {
            throw new GeneratorException("no header given\n" + USAGE);
        }
        if (inlineList != null && errnoList == null) {
            throw new GeneratorException("--inline-list needs --errno-list: the functions it names are written in the C view");
        }
        if (headerClass == null) {
            String file = header.getFileName().toString();
            headerClass = file.substring(0, file.indexOf('.') < 0 ? file.length() : file.indexOf('.')) + "_h";
        }
        return new Options(header.normalize(), output.normalize(), pkg, headerClass, List.copyOf(clang),
                functions, structs, unions, typedefs, constants, vars, errnoList, inlineList);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new GeneratorException("option " + option + " needs a value");
        }
        return args.get(i);
    }

    /** Replaces each {@code @file} by its lines: blank lines and lines starting with # are ignored. */
    private static List<String> expand(List<String> arguments, Path baseDir) {
        List<String> out = new ArrayList<>();
        for (String arg : arguments) {
            if (arg.startsWith("@")) {
                Path file = baseDir.resolve(arg.substring(1));
                try {
                    for (String line : Files.readAllLines(file)) {
                        String trimmed = line.strip();
                        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                            continue;
                        }
                        int space = trimmed.indexOf(' ');
                        if (trimmed.startsWith("-") && space > 0) {
                            out.add(trimmed.substring(0, space));
                            out.add(trimmed.substring(space + 1).strip());
                        } else {
                            out.add(trimmed);
                        }
                    }
                } catch (IOException e) {
                    throw new GeneratorException("cannot read argfile " + file + ": " + e.getMessage());
                }
            } else {
                out.add(arg);
            }
        }
        return out;
    }
}
