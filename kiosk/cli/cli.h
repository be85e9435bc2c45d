/* cli.h - what the command-line front end shares: exit codes, the data
 * directory, error lines, progress on a terminal. Front end: may use anything. */
#ifndef KIOSK_CLI_H
#define KIOSK_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "core/kerr.h"

struct store;

/* Exit codes scripts can trust (checkin uses all of them). */
enum {
	EXIT_OK = 0,
	EXIT_USED = 1,      /* checkin: already checked in */
	EXIT_REJECTED = 2,  /* checkin: ticket rejected */
	EXIT_ERROR = 3,     /* bad input, missing data, I/O failure */
	EXIT_USAGE = 4,     /* unknown command or option */
};

struct cli {
	const char *prog;      /* "kiosk" or "kiosk-sync" */
	const char *data_dir;  /* from --data, $KIOSK_DATA or $XDG_DATA_HOME/kiosk */
};

typedef int (*cli_fn)(struct cli *c, int argc, char **argv);

struct cli_command {
	const char *name;     /* "checkin", or "attendees import" for two words */
	cli_fn fn;
	const char *summary;  /* one line for the command list */
};

/* The whole of a program's main(): initialise libsodium, take --data, and
 * dispatch argv to cmds. Returns the exit code. */
int cli_main(const char *prog, const struct cli_command *cmds, int argc, char **argv);

/* Take `--data DIR` / `--data=DIR` out of argv wherever it stands (before the
 * first "--"), fill c->data_dir (falling back to $KIOSK_DATA, then
 * $XDG_DATA_HOME/kiosk, then ~/.local/share/kiosk). Returns the new argc, or
 * -1 if --data lacks its value. */
int cli_take_data(struct cli *c, int argc, char **argv);

/* Dispatch argv (after the program name) to the matching command; prints the
 * command list for --help or no command. Returns the exit code. */
int cli_dispatch(struct cli *c, const struct cli_command *cmds, int argc, char **argv);

/* Open the store in c->data_dir; without create, a missing store is an error
 * that says to run `kiosk init`. create = CLI_STORE_READ for commands that
 * only read: a store on a read-only medium opens too (store_open_readonly).
 * Prints the error line itself. Returns 0, or EXIT_ERROR. */
#define CLI_STORE_READ (-1)
/* ... or CLI_STORE_COPY for verify: a private copy (store_open_copy), which
 * cli_remove_copy removes after store_close. */
#define CLI_STORE_COPY (-2)
void cli_remove_copy(struct cli *c);
int cli_open_store(struct cli *c, struct store **st, int create);
/* cli_open_store, then cli_unlock: for commands that show, export or write
 * personal data, or append to the journal (what they append is signed with
 * the device key, sealed by the data key). 0, or EXIT_ERROR after one line
 * (*st is then NULL). */
int cli_open_unlocked(struct cli *c, struct store **st, int create);

/* The unlock secret (issue 14): the first line of $KIOSK_PASSPHRASE_FILE,
 * else a prompt on the terminal without echo (asked twice when confirm).
 * Returns its length (> 0), or -1 after printing one error line. The caller
 * wipes buf (sodium_memzero). */
int cli_passphrase(struct cli *c, const char *prompt, int confirm, char *buf, size_t cap);
/* The first line of file (what names it in errors: "--new-passphrase-file").
 * Returns its length (> 0), or -1 after one error line. */
int cli_passphrase_file(struct cli *c, const char *what, const char *file, char *buf, size_t cap);
/* Unwrap st's data key with the passphrase, for commands that show, export
 * or write personal data, and sign what st appends from then on
 * (cli_sign_appends). A store without a data key (made before
 * encryption) is left as it is. Wrong passphrase: one line, nothing changed.
 * Returns 0 or EXIT_ERROR. */
int cli_unlock(struct cli *c, struct store *st);
/* Sign this device's tip at each append of st from now on (the device key
 * must be at hand: st unlocked, or an older store). cli_unlock does it; call
 * it for a second store of the same process (a worker's, after vault_share).
 * 0, or -1 after a warning line (the command goes on). */
int cli_sign_appends(struct cli *c, struct store *st);

/* The start of a command that takes no arguments: its help (usage and a
 * newline on stdout), a refused argument, or the store opened into *st.
 * Returns -1 to go on (the caller closes *st), else the exit code to return. */
int cli_open_without_args(struct cli *c, int argc, char **argv, const char *cmd,
			  const char *usage, struct store **st);

/* Print "PROG: message" as one line on stderr. */
/* Print text from the store or from outside (a name, a product) to a
 * terminal or pipe: control characters and invalid bytes as \xHH (utf8_term),
 * so a name cannot clear the screen. cli_error goes through it too. */
void cli_put_text(FILE *f, const char *s);

void cli_error(const struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* 1 if argv holds -h or --help. */
int cli_wants_help(int argc, char **argv);

/* Wall clock in Unix ms (the CLI's only clock; the core takes now_ms as argument). */
int64_t cli_now_ms(void);

/* Progress on stderr when it is a terminal (quiet when piped):
 * "label: 1234/100000" redrawn at most ~10 times a second. total 0 = unknown. */
struct progress {
	const char *label;
	int64_t total;
	int64_t last_ms;
	int enabled;
};
void progress_start(struct progress *p, const char *label, int64_t total);
void progress_step(struct progress *p, int64_t done);
/* A step that cannot count (a commit): "label: what" in place of the count. */
void progress_note(struct progress *p, const char *what);
void progress_end(struct progress *p);

#endif
