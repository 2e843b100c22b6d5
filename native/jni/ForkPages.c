/* ForkPages: what fork(), the child's _exit() and the parent's waitpid() cost a process by the
 * private pages it has written, with no other work: the ceiling the Java fork server's resident
 * memory puts on its connection rate (docs/fork-in-a-jvm.md, "What is left").
 *
 *   ForkPages <4 KiB pages> <MiB in 2 MiB pages> <forks>
 *
 * Writes that many small pages (MADV_NOHUGEPAGE) and that much in transparent huge pages
 * (MADV_HUGEPAGE, where THP is "madvise" or "always"), split as the fork server's parent splits
 * them (a write to each huge page while a child shares it), then forks that many children one
 * after another, each _exit()ing at once, the parent writing one small page after each as the
 * server's loop does. Prints the mean microseconds a fork took from fork() to reaped.
 * SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HUGE_PAGE (2UL << 20)

static double microseconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/* len bytes, aligned to a huge page so that THP can back it, every page written */
static char *written(size_t len, int advice)
{
    char *p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap() failed");
        exit(1);
    }
    p = (char *) (((unsigned long) p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
    madvise(p, len, advice);
    memset(p, 1, len);
    return p;
}

/* one child shares every huge page while the parent writes to each: the kernel splits their entries */
static void split(char *huge, size_t len)
{
    int ready[2];
    char b = 0;
    pid_t child;

    if (pipe(ready) < 0 || (child = fork()) < 0) {
        perror("split: pipe() or fork() failed");
        exit(1);
    }
    if (child == 0) {
        if (read(ready[0], &b, 1) < 0)
            _exit(1);
        _exit(0);
    }
    for (size_t off = 0; off < len; off += HUGE_PAGE)
        huge[off] = 2;
    if (write(ready[1], &b, 1) != 1 || waitpid(child, NULL, 0) != child) {
        perror("split: write() or waitpid() failed");
        exit(1);
    }
}

int main(int argc, char *argv[])
{
    if (argc != 4) {
        fprintf(stderr, "Usage: %s <4 KiB pages> <MiB in 2 MiB pages> <forks>\n", argv[0]);
        exit(1);
    }
    size_t smallLen = (size_t) atol(argv[1]) * 4096;
    size_t hugeLen = (size_t) atol(argv[2]) << 20;
    int forks = atoi(argv[3]);
    if (forks < 1) {
        fprintf(stderr, "%s: forks must be at least 1\n", argv[0]);
        exit(1);
    }
    char *small = smallLen ? written(smallLen, MADV_NOHUGEPAGE) : NULL;
    char *huge = hugeLen ? written(hugeLen, MADV_HUGEPAGE) : NULL;

    if (huge)
        split(huge, hugeLen);

    double start = microseconds();
    for (int i = 0; i < forks; i++) {
        pid_t child = fork();
        if (child < 0) {
            perror("fork() failed");
            exit(1);
        }
        if (child == 0)
            _exit(0);
        if (waitpid(child, NULL, 0) != child) {
            perror("waitpid() failed");
            exit(1);
        }
        if (small)
            small[((size_t) i * 7 * 4096) % smallLen] = 3; /* the parent writes on, as the server does */
    }
    printf("small_pages=%s huge_mib=%s forks=%d us_per_fork=%.1f\n", argv[1], argv[2], forks,
           (microseconds() - start) / forks);
    return 0;
}
