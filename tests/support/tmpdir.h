/* tmpdir.h - a private directory for a test's files, and its removal.
 * Test-only code (libc): one place for what 14 test programs each wrote
 * as mkdtemp and `rm -rf` through the shell. */
#ifndef KIOSK_TEST_TMPDIR_H
#define KIOSK_TEST_TMPDIR_H

#include <stddef.h>

/* Make a new directory $TMPDIR/kiosk-test-NAME-XXXXXX (/tmp without
 * TMPDIR), mode 0700, and put its path in dir. Returns 0, or -1 when it
 * does not fit cap or cannot be made. */
int test_tmpdir(char *dir, size_t cap, const char *name);

/* Remove path and everything under it, without following links and
 * without a shell. A missing path is fine. Returns 0, or -1. */
int test_rmtree(const char *path);

#endif
