# Sourced by the vote protocol's launchers (echo/bin/ed2/VoteClientTCP, VoteServerTCP and their
# -bin twins) after twin.sh. The C build links one encoding and one framer into each program
# (native/ed2/Makefile); mvn compile of echo compiles the Java programs once with each pair, into
# echo/target/vote-text and echo/target/vote-bin (echo/pom.xml), and each launcher puts its one
# directory in front of the twins: the pair is chosen when the program is built, by its name,
# never by a flag.
# SPDX-License-Identifier: Apache-2.0

# vote_select PAIR CLASS: sets TWIN_CLASSPATH to echo/target/vote-PAIR, then the twins and the
# bindings (twin_select: the jar or the classes), building them if missing; no start-up archive
# (one is made for the echo client only, from the jar alone)
vote_select() {
    local pair=$1 class=$2
    local dir="$TWIN_ROOT/echo/target/vote-$pair"
    twin_select io.github.panamasockets.echo.ed2.VoteProtocol # the classes every pair compiles against
    if [ ! -f "$dir/${class//.//}.class" ]; then
        require_tool mvn maven
        local log
        log=$(mktemp)
        if ! (flock 9
              [ -f "$dir/${class//.//}.class" ] || (cd "$TWIN_ROOT" && mvn -q -pl echo -am compile -DskipTests)
             ) 9<"$TWIN_ROOT/echo/pom.xml" >"$log" 2>&1; then
            cat "$log" >&2
            rm -f "$log"
            die "could not build the Java twins (mvn -q -pl echo -am compile -DskipTests)"
        fi
        rm -f "$log"
    fi
    TWIN_CLASSPATH="$dir:$TWIN_CLASSPATH"
    TWIN_ARCHIVE_FLAGS=()
}
