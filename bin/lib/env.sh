# Sourced by the project's scripts. Finds what they need and stops with one clear line when
# something is missing, never with a stack trace.
#   require_jdk25      exports JAVA_HOME (JDK 25) and puts its java first on PATH
#   require_tool T P   stops unless command T exists; P is the Debian package that has it

die() {
    echo "$(basename "$0"): $*" >&2
    exit 2
}

# release_says_25 FILE: FILE (a JDK's release file) has JAVA_VERSION="25..."; bash builtins only
release_says_25() {
    local line
    [ -r "$1" ] || return 1
    while IFS= read -r line; do
        case $line in JAVA_VERSION=\"25*) return 0 ;; esac
    done <"$1"
    return 1
}

require_jdk25() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/jdk-25*; do
        # the JDK's release file names its version: reading it with bash's own read costs
        # nothing, where running java -version would add ~40 ms to every launch of a Java twin
        # (and grep ~1 ms)
        if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] \
            && { release_says_25 "$candidate/release" \
                 || "$candidate/bin/java" -version 2>&1 | grep -q 'version "25'; }; then
            export JAVA_HOME="$candidate"
            export PATH="$JAVA_HOME/bin:$PATH"
            # Maven 3.8's own guava warns about sun.misc.Unsafe on JDK 25: silence that noise only
            export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
            return 0
        fi
    done
    die "JDK 25 not found: install Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64 or set JAVA_HOME to a JDK 25"
}

require_tool() {
    command -v "$1" >/dev/null 2>&1 || die "$1 not found: install it with 'apt-get install $2'"
}

have_libclang() {
    local lib
    for lib in /usr/lib/llvm-*/lib/libclang.so.1 /usr/lib/x86_64-linux-gnu/libclang-*.so.1; do
        [ -e "$lib" ] && return 0
    done
    return 1
}

require_libclang() {
    have_libclang || die "libclang not found: install it with 'apt-get install libclang1-14 libclang-common-14-dev'"
}

# apt_install PKG...: installs Debian packages when this user may (root with apt-get); says so in one line
apt_install() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "$(basename "$0"): installing $* with apt-get" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq "$@" >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$@" >/dev/null 2>&1; } \
            || die "apt-get could not install $*"
    else
        die "missing $*: install with 'apt-get install $*' (as root)"
    fi
}

# what the tests need beyond a fresh machine of this kind, installed when possible
ensure_test_packages() {
    local missing=()
    have_libclang || missing+=(libclang1-14 libclang-common-14-dev)
    command -v strace >/dev/null 2>&1 || missing+=(strace)
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}
