/* passfile.h - the passphrase of a test's stores (issue 14): the first line
 * of $KIOSK_PASSPHRASE_FILE, as the kiosk reads it, for test programs that
 * open a sealed store themselves. Test-only code (libc). */
#ifndef KIOSK_TEST_PASSFILE_H
#define KIOSK_TEST_PASSFILE_H

#include <stddef.h>

/* The passphrase into buf (NUL-terminated, no line end): its length, or -1
 * when the variable is unset or the file cannot be read. The caller wipes
 * buf. */
long test_passphrase(char *buf, size_t cap);

#endif
