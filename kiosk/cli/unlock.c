/* unlock.c - one way to give the unlock secret to every command (issue 14):
 * KIOSK_PASSPHRASE_FILE=FILE (its first line) in scripts, else a prompt on
 * the terminal without echo. Front end. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include "store/store.h"
#include "store/vault.h"
#include "sync/trust.h"

/* The first line of fd into buf (no newline). Returns its length or -1. */
static long read_line(int fd, char *buf, size_t cap)
{
	size_t n = 0;

	while (n + 1 < cap) {
		ssize_t k = read(fd, buf + n, 1);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0 || buf[n] == '\n')
			break;
		n++;
	}
	if (n + 1 >= cap)
		return -1;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return (long)n;
}

static long prompt_tty(const char *prompt, char *buf, size_t cap)
{
	struct termios old, quiet;
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC), echo_off;
	long n;

	if (fd < 0)
		return -2;
	echo_off = tcgetattr(fd, &old) == 0;
	if (echo_off) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		echo_off = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* the prompt is a courtesy; the read below still works */
	}
	n = read_line(fd, buf, cap);
	if (echo_off)
		(void)tcsetattr(fd, TCSAFLUSH, &old);
	close(fd);
	return n;
}

int cli_passphrase_file(struct cli *c, const char *what, const char *file, char *buf, size_t cap)
{
	struct rlimit none = {0, 0};
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	long n;

	(void)setrlimit(RLIMIT_CORE, &none); /* see cli_passphrase */
	if (fd < 0) {
		cli_error(c, "cannot read %s '%s': %s", what, file, strerror(errno));
		return -1;
	}
	n = read_line(fd, buf, cap);
	close(fd);
	if (n < 0) {
		cli_error(c, "the passphrase in '%s' is longer than %zu bytes", file, cap - 2);
		return -1;
	}
	if (n == 0) {
		cli_error(c, "%s '%s' holds no passphrase on its first line", what, file);
		return -1;
	}
	return (int)n;
}

int cli_passphrase(struct cli *c, const char *prompt, int confirm, char *buf, size_t cap)
{
	const char *file = getenv("KIOSK_PASSPHRASE_FILE");
	struct rlimit none = {0, 0};
	long n;

	/* From here on this process holds a secret (the passphrase, then the
	 * data key and what it opens): a crash must not write it into a core
	 * file. */
	(void)setrlimit(RLIMIT_CORE, &none);

	if (file && *file)
		return cli_passphrase_file(c, "KIOSK_PASSPHRASE_FILE", file, buf, cap);
	n = prompt_tty(prompt, buf, cap);
	if (n == -2) {
		cli_error(c, "the data is encrypted: give the passphrase with KIOSK_PASSPHRASE_FILE=FILE "
			     "or run on a terminal");
		return -1;
	}
	if (n <= 0) {
		cli_error(c, n == 0 ? "no passphrase given" : "passphrase too long");
		return -1;
	}
	if (confirm) {
		char again[1024];
		long m = prompt_tty("Again: ", again, sizeof again);
		int same = m == n && memcmp(again, buf, (size_t)n) == 0;

		sodium_memzero(again, sizeof again);
		if (!same) {
			cli_error(c, "the two passphrases differ");
			return -1;
		}
	}
	return (int)n;
}

int cli_sign_appends(struct cli *c, struct store *st)
{
	char err[KERR_LEN];

	/* Sign what this process appends while the device key is at hand, so
	 * a push made later without the passphrase sends it (issue 14). A
	 * device key that does not load only leaves entries for a push made
	 * with the passphrase: say so, and go on with the command. */
	if (trust_sign_appends(st, c->data_dir, err) < 0) {
		fprintf(stderr, "%s: warning: entries written now are not signed for sync: %s\n",
			c->prog, err);
		return -1;
	}
	return 0;
}

int cli_unlock(struct cli *c, struct store *st)
{
	char pass[1024], err[KERR_LEN];
	int n, r, card;

	if (vault_is_unlocked(st)) {
		(void)cli_sign_appends(c, st);
		return 0;
	}
	r = vault_is_set(st);
	if (r < 0) {
		cli_error(c, "cannot read the store's keys");
		return EXIT_ERROR;
	}
	if (r == 0) { /* a store made before encryption: nothing to unlock */
		(void)cli_sign_appends(c, st);
		return 0;
	}
	n = cli_passphrase(c, "Passphrase: ", 0, pass, sizeof pass);
	if (n < 0)
		return EXIT_ERROR;
	/* The unlock card's text (KU1...) opens the store as well as the
	 * passphrase: a script that runs many commands pays a keyed hash each
	 * instead of Argon2id's half a second. */
	card = vault_is_card_text(pass);
	r = card ? vault_unlock_card(st, pass, err) : vault_unlock(st, pass, (size_t)n, err);
	sodium_memzero(pass, sizeof pass);
	if (r != 0) {
		cli_error(c, "%s", r != 1 ? err : card ? "not this device's unlock card (nothing was changed)"
						     : "wrong passphrase (nothing was changed)");
		return EXIT_ERROR;
	}
	(void)cli_sign_appends(c, st);
	return 0;
}
