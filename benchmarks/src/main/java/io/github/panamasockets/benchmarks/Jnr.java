/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The JNR lanes: jnr-posix for getpid (what JRuby uses), and a jnr-ffi interface of libc for
 * getpid and recv, once saving errno after each call (jnr-ffi's default) and once with
 * {@code @IgnoreError} (no errno: comparable to the generated FFM call).
 */
public final class Jnr {

    /** libc as jnr-ffi binds it. */
    public interface LibC {
        int getpid();

        @ssize_t long recv(int fd, Pointer buf, @size_t long n, int flags);

        @IgnoreError
        @ssize_t long send(int fd, Pointer buf, @size_t long n, int flags);
    }

    /** The same calls without saving errno. */
    public interface LibCNoErrno {
        @IgnoreError
        int getpid();

        @IgnoreError
        @ssize_t long recv(int fd, Pointer buf, @size_t long n, int flags);
    }

    public static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    public static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    public static final LibCNoErrno LIBC_NO_ERRNO = LibraryLoader.create(LibCNoErrno.class).load("c");
    public static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Jnr() {
    }

    /** A jnr-ffi pointer to native memory at {@code address} (memory that an FFM arena owns). */
    public static Pointer wrap(long address, long size) {
        return Pointer.wrap(RUNTIME, address, size);
    }

    /** errno as saved by jnr-ffi after this thread's last errno-saving call. */
    public static int errno() {
        return RUNTIME.getLastError();
    }
}
