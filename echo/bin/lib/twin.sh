# Sourced by the launchers in echo/bin, which run the Java twins as the C programs are run:
# same name, same arguments, from any directory (through a symlink too).
#
#   TWIN_ROOT       the repository root, found from the launcher's real location
#   TWIN_CLASSPATH  echo's and bindings' compiled classes (built here if they are missing)
#   TWIN_JAVA       the JDK 25 java, and TWIN_FLAGS the JVM flags every twin takes:
#     --enable-native-access=ALL-UNNAMED  the twins make downcalls; without it the JVM prints
#                                         four warning lines
#     -XX:+UseSerialGC -XX:-UsePerfData   fewer JVM threads, no hsperfdata file: a shorter start
#                                         (ffm-startup.md), and a fork child that shares no
#                                         perf-data file with its parent (fork-in-the-jvm.md)
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

TWIN_ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../.." && pwd)
# shellcheck source=../../../bin/lib/env.sh
. "$TWIN_ROOT/bin/lib/env.sh"
require_jdk25
TWIN_JAVA="$JAVA_HOME/bin/java"
TWIN_CLASSPATH="$TWIN_ROOT/echo/target/classes:$TWIN_ROOT/bindings/target/classes"
TWIN_FLAGS=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:-UsePerfData -Xrs
            -XX:+DisplayVMOutputToStderr -XX:+DisableAttachMechanism)
# TWIN_JAVA_OPTIONS (environment, empty by default): more JVM options, split on blanks and put
# after the launcher's own (a later flag wins), for measurements and tests only: bin/stress
# loads its GC-pressure agent this way and compares flags. A program run without it is the
# program the README describes.
read -r -a TWIN_EXTRA_FLAGS <<< "${TWIN_JAVA_OPTIONS:-}"

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
