# Sourced by the launchers in echo/bin, which run the Java twins as the C programs are run:
# same name, same arguments, from any directory (through a symlink too).
#
#   TWIN_ROOT       the repository root, found from the launcher's real location
#   TWIN_CLASSPATH  echo/target/twins.jar (twins and bindings, from mvn package) or, when there is
#                   no up-to-date jar, echo's and bindings' compiled classes (built if missing):
#                   see twin_select; TWIN_ARCHIVE_FLAGS the client's start-up archive, when it has one
#   TWIN_JAVA       the JDK 25 java, and TWIN_FLAGS the JVM flags every twin takes:
#     --enable-native-access=ALL-UNNAMED  the twins make downcalls; without it the JVM prints
#                                         four warning lines
#     -XX:+UseSerialGC -XX:-UsePerfData   fewer JVM threads, no hsperfdata file: a shorter start
#                                         (benchmarks/README.md), and a fork child that shares no
#                                         perf-data file with its parent (docs/fork-in-a-jvm.md)
#     -Xrs                                no JVM handlers for SIGTERM, SIGINT, SIGHUP, SIGQUIT:
#                                         such a signal ends the process at once, as it ends the
#                                         C program, so stdout still in libc's buffer is lost in
#                                         both (without -Xrs the JVM's shutdown calls exit(),
#                                         which flushes it)
#     -XX:+DisplayVMOutputToStderr        should the JVM ever print a warning, it goes to stderr,
#                                         never into the program's stdout
#     -XX:+DisableAttachMechanism         with -Xrs HotSpot starts its attach listener at once: a
#                                         thread and an AF_UNIX socket /tmp/.java_pid<pid>, left
#                                         behind whenever a server is killed
#
# The program name as invoked ("$0") is passed first, then the arguments: Java's args is C's
# argv (see CStrings.argv). For a launcher found through PATH, bash sees the full path of the
# script, not the bare name that C's argv[0] would hold: run the launcher by a path (./X, a/b/X)
# and argv[0] is the same string as C's.
# SPDX-License-Identifier: Apache-2.0

# LC_ALL: bash warns on stderr ("setlocale: LC_ALL: cannot change locale") when it starts with an
# LC_ALL that names no installed locale, a line C never prints. The launchers' first line
# (env -S -u LC_ALL TWIN_LC_ALL=${LC_ALL} bash) starts bash without it; it is put back here, the
# warning of that assignment discarded, so that the program gets the environment it was given.
if [ -n "${TWIN_LC_ALL+set}" ]; then
    [ -z "$TWIN_LC_ALL" ] || { export LC_ALL=$TWIN_LC_ALL; } 2>/dev/null
    unset TWIN_LC_ALL
fi

# Every launch runs this, so it starts no process of its own where a bash builtin will do
# (each fork and exec costs ~1 ms, a launch of the client ~150 ms): the launcher found this file
# through its real location already, and cd -P resolves the rest.
twin_here=${BASH_SOURCE[0]%/*}
[ "$twin_here" != "${BASH_SOURCE[0]}" ] || twin_here=.
twin_cwd=$PWD
builtin cd -P -- "$twin_here/../../.." && TWIN_ROOT=$PWD && builtin cd -- "$twin_cwd" \
    || { echo "${0##*/}: cannot find the repository root from $twin_here" >&2; exit 2; }
unset twin_here twin_cwd
# shellcheck source=../../../bin/lib/env.sh
. "$TWIN_ROOT/bin/lib/env.sh"
require_jdk25
TWIN_JAVA="$JAVA_HOME/bin/java"
TWIN_CLASSES="$TWIN_ROOT/echo/target/classes:$TWIN_ROOT/bindings/target/classes"
# what mvn package of echo builds: the twins and the bindings in one jar, and a start-up (CDS)
# archive for the client made from a training run on it (echo/bin/lib/aot-train)
TWIN_JAR="$TWIN_ROOT/echo/target/twins.jar"
TWIN_AOT_DIR="$TWIN_ROOT/echo/target/aot"
TWIN_FLAGS=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:-UsePerfData -Xrs
            -XX:+DisplayVMOutputToStderr -XX:+DisableAttachMechanism)
# A JVM announces JAVA_TOOL_OPTIONS ("Picked up JAVA_TOOL_OPTIONS: ..."), JDK_JAVA_OPTIONS
# ("NOTE: Picked up JDK_JAVA_OPTIONS: ...") and _JAVA_OPTIONS ("Picked up _JAVA_OPTIONS: ...") on
# stderr, a line C never prints. Their options are moved onto the command line instead, where
# they act as they would have and are not announced, in the JVM's own order: JAVA_TOOL_OPTIONS,
# then JDK_JAVA_OPTIONS, first (the launcher's own flags win over them), and _JAVA_OPTIONS after
# the launcher's flags (TWIN_EXTRA_FLAGS, below), which it overrides as it overrides a command line.
twin_env_flags=()
for twin_var in JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS; do
    if [ -n "${!twin_var:-}" ]; then
        read -r -a twin_more <<< "${!twin_var}"
        twin_env_flags+=("${twin_more[@]}")
        unset "$twin_var"
    fi
done
TWIN_FLAGS=("${twin_env_flags[@]}" "${TWIN_FLAGS[@]}")
twin_picked_last=()
if [ -n "${_JAVA_OPTIONS:-}" ]; then
    read -r -a twin_picked_last <<< "$_JAVA_OPTIONS"
    unset _JAVA_OPTIONS
fi
unset twin_var twin_more twin_env_flags
# A C program starts with the signal dispositions its parent gave it: SIGPIPE ignored under
# `trap '' PIPE` or a service manager that ignores it, and send() then fails with EPIPE. The JVM
# replaces SIGPIPE's (and SIGXFSZ's) before main, so this process's ignored-signal mask (SigIgn in /proc/PID/status,
# hex: bash keeps the ignored signals it was given) is passed on, and the twin restores SIGPIPE
# (and SIGXFSZ) from it before main's first statement (bindings' CStartup, run by argv()).
twin_sigign=
if [ -r "/proc/$$/status" ]; then
    while read -r twin_key twin_value; do
        if [ "$twin_key" = SigIgn: ]; then twin_sigign=$twin_value; break; fi
    done < "/proc/$$/status"
fi
[ -z "$twin_sigign" ] || TWIN_FLAGS+=(-Dtwin.sigign="$twin_sigign")
unset twin_key twin_value twin_sigign
# Signals HotSpot keeps for itself, sent with kill (docs/differences.md): C dies of them, quietly.
# SIGUSR2 is the JVM's thread-suspension signal unless _JAVA_SR_SIGNUM names another: SIGRTMAX
# (64) takes that role, so SIGUSR2 keeps its default action and ends the twin as it ends C (140).
# SIGSEGV, SIGBUS, SIGFPE, SIGILL stay the JVM's, which made HotSpot print its crash banner on
# stdout, write hs_err_pid*.log here and abort (134): native/tools/cdeath.c, preloaded, installs
# handlers before the JVM starts, which the JVM chains to for a signal it does not recognise, and
# they end the process by the signal (139, 135, 136, 132). Built (make, gcc) if missing; without
# make and gcc the twin runs without it. -XX:ErrorFile: should the JVM still fail, its report goes
# to the temporary directory, not into the user's working directory.
export _JAVA_SR_SIGNUM=64
TWIN_FLAGS+=(-XX:ErrorFile="${TMPDIR:-/tmp}/hs_err_pid%p.log")
# The bindings' native library (signal recorder, trampolines) as the build left it, the file the
# jar carries a copy of: opened in place, not copied out of the jar first (~9 ms, before listen()
# in the ed2 servers, whose getaddrinfo() needs it: benchmarks/README.md section 4b).
twin_native_lib="$TWIN_ROOT/bindings/target/classes/io/github/panamasockets/native/libpanamasignals.so"
[ ! -f "$twin_native_lib" ] || TWIN_FLAGS+=(-Dio.github.panamasockets.native.library="$twin_native_lib")
unset twin_native_lib
twin_cdeath="$TWIN_ROOT/native/build/tools/libcdeath.so"
if [ ! -f "$twin_cdeath" ] && command -v make >/dev/null && command -v gcc >/dev/null; then
    (flock 9; [ -f "$twin_cdeath" ] || make -C "$TWIN_ROOT/native" build/tools/libcdeath.so) \
        9<"$TWIN_ROOT/native/Makefile" >/dev/null 2>&1
fi
[ ! -f "$twin_cdeath" ] || export LD_PRELOAD="$twin_cdeath${LD_PRELOAD:+ $LD_PRELOAD}"
unset twin_cdeath
# The client's own flags, also those of its training run (an archive is used only by a JVM with
# the flags it was made with). -Xint: a client lives well under 100 ms; since the C view links one
# shape, the interpreter alone starts it fastest (the echo client 0.96x its time with C1 alone,
# paired over 30 rounds, benchmarks/README.md section 4b; with a downcall shape per signature C1
# alone had been fastest).
TWIN_CLIENT_FLAGS=(-Xint)
# TWIN_JAVA_OPTIONS (environment, empty by default): more JVM options, split on blanks and put
# after the launcher's own (a later flag wins), for measurements and tests only: bin/stress
# loads its GC-pressure agent this way and compares flags. A program run without it is the
# program the README describes.
TWIN_EXTRA_FLAGS=()
[ -z "${TWIN_JAVA_OPTIONS:-}" ] || read -r -a TWIN_EXTRA_FLAGS <<< "$TWIN_JAVA_OPTIONS"
TWIN_EXTRA_FLAGS=("${twin_picked_last[@]}" "${TWIN_EXTRA_FLAGS[@]}") # _JAVA_OPTIONS' place (above)
unset twin_picked_last

# Build the classes if they are missing (one build at a time: launchers may start together).
# Quiet when it works; the build's output goes to stderr when it fails.
twin_build_if_missing() {
    local class=$1
    [ -f "$TWIN_ROOT/echo/target/classes/${class//.//}.class" ] \
        && [ -f "$TWIN_ROOT/bindings/target/classes/io/github/panamasockets/Errno.class" ] && return 0
    require_tool mvn maven
    local log
    log=$(mktemp)
    if ! (flock 9
          [ -f "$TWIN_ROOT/echo/target/classes/${class//.//}.class" ] \
              || (cd "$TWIN_ROOT" && mvn -q -pl echo -am compile -DskipTests)
         ) 9<"$TWIN_ROOT/echo/pom.xml" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        die "could not build the Java twins (mvn -q -pl echo -am compile -DskipTests)"
    fi
    rm -f "$log"
}

# twin_select CLASS [ARCHIVE]: sets TWIN_CLASSPATH, and TWIN_ARCHIVE_FLAGS when CLASS has a start-up
# archive: echo/target/aot/ARCHIVE.jsa when ARCHIVE is given (the servers share one, servers.jsa:
# echo/bin/lib/aot-train-servers), else one named after CLASS (the client's, echo/bin/lib/aot-train).
# The jar when it is at least as new as every compiled class (after a mvn compile that changed
# something, the jar is stale and the classes run instead, built if missing); its CDS archive
# (echo/bin/lib/aot-train) when one was made from this jar. The JVM checks the archive again and
# runs without one that does not match the jar or the flags, printing why on stderr; the
# archive only saves time, and stderr is the program's, compared byte for byte with C's, so
# -Xlog:cds=off -Xlog:aot=off keep the JVM quiet about it.
twin_select() {
    local class=$1
    # named after the class below io.github.panamasockets.echo: TCPEchoClient.jsa, ed2_TCPEchoClient.jsa
    local name=${2:-${class#io.github.panamasockets.echo.}}
    local archive="$TWIN_AOT_DIR/${name//./_}.jsa"
    TWIN_ARCHIVE_FLAGS=()
    if [ -f "$TWIN_JAR" ] && twin_jar_is_fresh; then
        TWIN_CLASSPATH=$TWIN_JAR
        if [ -f "$archive" ] && [ "$archive" -nt "$TWIN_JAR" ]; then
            TWIN_ARCHIVE_FLAGS=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:aot=off)
        fi
    else
        twin_build_if_missing "$class"
        TWIN_CLASSPATH=$TWIN_CLASSES
    fi
}

# twin_jar_is_fresh: no compiled class is newer than the jar (bash's own glob and -nt: no process).
# Top-level classes only (!(*$*): 80 of 459 files, 2.5 ms against 3.9 for all, benchmarks/README.md
# section 4b): javac writes every class of a source file it compiles, so a nested class is never
# newer than its top-level one. extglob is on before the function is read, as bash needs.
shopt -s extglob
twin_jar_is_fresh() {
    local f status=0 options
    options=$BASHOPTS # to put globstar and nullglob back as they were
    shopt -s globstar nullglob
    for f in "$TWIN_ROOT"/echo/target/classes/**/!(*\$*).class "$TWIN_ROOT"/bindings/target/classes/**/!(*\$*).class; do
        if [ "$f" -nt "$TWIN_JAR" ]; then
            status=1 # stale: a class was compiled after the jar was made
            break
        fi
    done
    case :$options: in *:globstar:*) ;; *) shopt -u globstar ;; esac
    case :$options: in *:nullglob:*) ;; *) shopt -u nullglob ;; esac
    return $status
}

# twin_sigblock SIGNAL[,SIGNAL...]: sets TWIN_SIGBLOCK, the command to put before "$TWIN_JAVA" in
# the exec of a launcher whose program catches these signals: native/build/tools/sigblock blocks
# them, then execs the JVM, so that every JVM thread starts with them blocked and only the
# program's thread, which unblocks them (Sockets.receiveSignals), can take them, as the one
# thread of the C program does (docs/signals.md). Built (make, gcc) if missing.
twin_sigblock() {
    local helper="$TWIN_ROOT/native/build/tools/sigblock"
    if [ ! -x "$helper" ]; then
        require_tool make make
        require_tool gcc gcc
        local log
        log=$(mktemp)
        if ! (flock 9; [ -x "$helper" ] || make -C "$TWIN_ROOT/native" build/tools/sigblock) \
                9<"$TWIN_ROOT/native/Makefile" >"$log" 2>&1; then
            cat "$log" >&2
            rm -f "$log"
            die "could not build native/build/tools/sigblock (make -C native build/tools/sigblock)"
        fi
        rm -f "$log"
    fi
    TWIN_SIGBLOCK=("$helper" "$1")
}

# twin_fork_flags: what a JVM that forks a child per client adds to TWIN_FLAGS (the fork
# servers; docs/fork-in-a-jvm.md, step 5, has the measurements). fork() copies a page-table entry
# for every resident page of a mapping that has private written pages, so the fewer such pages the
# parent keeps, the faster each fork:
#   -XX:ArchiveRelocationMode=0   (diagnostic) the CDS archive at its own base address, not
#                                 relocated: its read-only part stays clean file pages in a mapping
#                                 of its own, which fork() does not copy (the child faults in what
#                                 it reads)
#   -XX:+UseTransparentHugePages  only where THP is "madvise": the heap in 2 MiB pages where it
#                                 can, one entry each to copy until a write after a fork splits
#                                 it (where THP is "never" the JVM warns on stdout; where it is
#                                 "always" the flag changes nothing)
#   MALLOC_ARENA_MAX=1            one malloc arena instead of one per JVM thread: glibc locks and
#                                 unlocks every arena around fork(), a copy-on-write fault per arena
#                                 in the parent and in the child on every fork
# A MALLOC_ARENA_MAX already in the environment is kept.
twin_fork_flags() {
    local thp=
    TWIN_FLAGS+=(-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0)
    if [ -r /sys/kernel/mm/transparent_hugepage/enabled ]; then
        read -r thp < /sys/kernel/mm/transparent_hugepage/enabled || true
        case $thp in *"[madvise]"*) TWIN_FLAGS+=(-XX:+UseTransparentHugePages) ;; esac
    fi
    export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1}
}
