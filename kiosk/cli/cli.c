/* cli.c - shared command-line plumbing: --data, dispatch, errors, progress.
 * Front end: may use the store; must not draw. */
#include "cli.h"
#include "core/utf8.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "store/store.h"

static char data_buf[4096];

int cli_take_data(struct cli *c, int argc, char **argv)
{
	int i, j = 1;
	const char *env;

	c->data_dir = NULL;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--data") == 0) {
			if (i + 1 >= argc)
				return -1;
			c->data_dir = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--data=", 7) == 0) {
			c->data_dir = argv[i] + 7;
			continue;
		}
		argv[j++] = argv[i];
	}
	argv[j] = NULL;
	if (c->data_dir && !*c->data_dir)
		return -1;
	if (!c->data_dir) {
		if ((env = getenv("KIOSK_DATA")) && *env)
			c->data_dir = env;
		else if ((env = getenv("XDG_DATA_HOME")) && *env) {
			(void)snprintf(data_buf, sizeof data_buf, "%s/kiosk", env);
			c->data_dir = data_buf;
		} else {
			env = getenv("HOME");
			(void)snprintf(data_buf, sizeof data_buf, "%s/.local/share/kiosk",
				       env && *env ? env : ".");
			c->data_dir = data_buf;
		}
	}
	return j;
}

int cli_main(const char *prog, const struct cli_command *cmds, int argc, char **argv)
{
	struct cli c = {.prog = prog};
	int n, i, bad_arg = 0;
	size_t bad = 0;

	/* Every file we create holds names or phones, or keys: private,
	 * whatever umask the shell had. */
	(void)umask(077);
	if (sodium_init() < 0) {
		cli_error(&c, "cannot initialise libsodium");
		return EXIT_ERROR;
	}
	/* The one boundary for arguments: strict UTF-8 text, as for every other
	 * input, so nothing invalid reaches the journal or a terminal. Bad
	 * input, not bad usage: exit 3. The one exception is what `checkin`
	 * judges: a scanner's bytes are a malformed code (exit 2, journaled as
	 * a rejected scan without the bytes); cmd_checkin checks its options. */
	for (i = 1; i < argc && !bad_arg; i++)
		if (!utf8_valid(argv[i], strlen(argv[i]), &bad))
			bad_arg = i;
	n = cli_take_data(&c, argc, argv);
	if (n < 0) {
		cli_error(&c, "--data needs a directory");
		return EXIT_USAGE;
	}
	if (bad_arg && !(n > 1 && strcmp(argv[1], "checkin") == 0 &&
			 utf8_valid(c.data_dir, strlen(c.data_dir), NULL))) {
		cli_error(&c, "argument %d is not valid UTF-8 text (byte %zu)", bad_arg, bad + 1);
		return EXIT_ERROR;
	}
	return cli_dispatch(&c, cmds, n - 1, argv + 1);
}

static void list_commands(const struct cli *c, const struct cli_command *cmds, FILE *out)
{
	int i;

	fprintf(out, "usage: %s [--data DIR] COMMAND [ARGS...]\n\nCommands:\n", c->prog);
	for (i = 0; cmds[i].name; i++)
		fprintf(out, "  %-20s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(out, "\nEvery command takes --data DIR (or KIOSK_DATA=DIR; default "
		     "$XDG_DATA_HOME/kiosk) and --help.\n");
}

int cli_dispatch(struct cli *c, const struct cli_command *cmds, int argc, char **argv)
{
	int i;
	const struct cli_command *best = NULL;
	int best_words = 0;

	if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 ||
	    strcmp(argv[0], "help") == 0) {
		list_commands(c, cmds, stdout);
		return argc < 1 ? EXIT_USAGE : EXIT_OK;
	}
	if (strcmp(argv[0], "--version") == 0) {
		printf("%s 0.1\n", c->prog);
		return EXIT_OK;
	}
	/* Longest match: "attendees import" wins over "attendees". */
	for (i = 0; cmds[i].name; i++) {
		const char *sp = strchr(cmds[i].name, ' ');
		size_t n1 = sp ? (size_t)(sp - cmds[i].name) : strlen(cmds[i].name);

		if (strlen(argv[0]) != n1 || strncmp(argv[0], cmds[i].name, n1) != 0)
			continue;
		if (!sp) {
			if (!best) {
				best = &cmds[i];
				best_words = 1;
			}
		} else if (argc > 1 && strcmp(argv[1], sp + 1) == 0) {
			best = &cmds[i];
			best_words = 2;
			break;
		}
	}
	if (!best) {
		/* A group name alone ("attendees") lists its subcommands on stderr
		 * (usage); with --help, on stdout, exit 0: every command has --help. */
		int shown = 0, help = argc > 1 && (strcmp(argv[1], "--help") == 0 ||
						   strcmp(argv[1], "-h") == 0);
		FILE *f = help ? stdout : stderr;

		for (i = 0; cmds[i].name; i++) {
			size_t n = strlen(argv[0]);

			if (strncmp(cmds[i].name, argv[0], n) == 0 && cmds[i].name[n] == ' ') {
				if (!shown && help)
					fprintf(f, "usage: %s %s SUBCOMMAND [--help]\n\n", c->prog, argv[0]);
				else if (!shown)
					fprintf(f, "%s %s: needs a subcommand:\n", c->prog, argv[0]);
				fprintf(f, "  %-20s %s\n", cmds[i].name, cmds[i].summary);
				shown = 1;
			}
		}
		if (!shown)
			cli_error(c, "unknown command '%s' (see '%s --help')", argv[0], c->prog);
		return shown && help ? EXIT_OK : EXIT_USAGE;
	}
	/* The command sees argv[0] = its full name, then its own arguments. */
	return best->fn(c, argc - best_words + 1, argv + best_words - 1);
}

/* The copy CLI_STORE_COPY made, until cli_remove_copy. */
static char copy_path[STORE_COPY_PATH_MAX];

void cli_remove_copy(struct cli *c)
{
	(void)c;
	store_remove_copy(copy_path);
}

int cli_open_store(struct cli *c, struct store **st, int create)
{
	char err[KERR_LEN];
	char path[4096];
	struct stat sb;

	if (create <= 0) {
		(void)snprintf(path, sizeof path, "%s/%s", c->data_dir, STORE_FILE);
		if (stat(path, &sb) != 0) {
			cli_error(c, "no kiosk data in '%s' (run '%s init --event NAME' or "
				     "'%s device join FILE' first, or pass --data DIR)",
				  c->data_dir, "kiosk", "kiosk");
			return EXIT_ERROR;
		}
	}
	if ((create == CLI_STORE_READ   ? store_open_readonly(st, c->data_dir, err)
	     : create == CLI_STORE_COPY ? store_open_copy(st, c->data_dir, copy_path, err)
					: store_open(st, c->data_dir, create, err)) != 0) {
		cli_error(c, "%s", err);
		return EXIT_ERROR;
	}
	return 0;
}

int cli_open_unlocked(struct cli *c, struct store **st, int create)
{
	if (cli_open_store(c, st, create) != 0)
		return EXIT_ERROR;
	if (cli_unlock(c, *st) != 0) {
		store_close(*st);
		*st = NULL;
		return EXIT_ERROR;
	}
	return 0;
}

void cli_put_text(FILE *f, const char *s)
{
	char safe[4 * 1024 + 1];
	size_t n = s ? strlen(s) : 0, i = 0;

	/* In pieces, cut on character boundaries, through the one escape. */
	while (i < n) {
		char piece[1025];
		size_t k = utf8_cut(s + i, sizeof piece - 1);

		if (k == 0)
			k = 1;
		memcpy(piece, s + i, k);
		piece[k] = '\0';
		fputs(utf8_term(piece, safe, sizeof safe, 0), f);
		i += k;
	}
}

void cli_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;
	char msg[2048], safe[4 * 2048];

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	msg[utf8_cut(msg, sizeof msg - 1)] = '\0';
	fprintf(stderr, "%s: %s\n", c && c->prog ? c->prog : "kiosk",
		utf8_term(msg, safe, sizeof safe, 1));
}

int cli_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

int64_t cli_now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts); /* cannot fail for CLOCK_REALTIME */
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void progress_start(struct progress *p, const char *label, int64_t total)
{
	p->label = label;
	p->total = total;
	p->last_ms = 0;
	p->enabled = isatty(STDERR_FILENO) && !getenv("KIOSK_QUIET");
}

void progress_step(struct progress *p, int64_t done)
{
	int64_t now;

	if (!p->enabled)
		return;
	now = mono_ms();
	if (now - p->last_ms < 100 && done != p->total)
		return;
	p->last_ms = now;
	if (p->total > 0)
		fprintf(stderr, "\r%s: %lld/%lld (%d%%)", p->label, (long long)done,
			(long long)p->total, (int)(done * 100 / p->total));
	else
		fprintf(stderr, "\r%s: %lld", p->label, (long long)done);
}

void progress_note(struct progress *p, const char *what)
{
	if (p->enabled)
		fprintf(stderr, "\r\033[K%s: %s", p->label, what);
}

void progress_end(struct progress *p)
{
	if (p->enabled)
		fprintf(stderr, "\r\033[K");
}

/* The start of a command that takes no arguments: its help (usage on stdout),
 * a refused argument, or the store opened into *st. Returns -1 to go on (the
 * caller closes *st), else the exit code to return. */
int cli_open_without_args(struct cli *c, int argc, char **argv, const char *cmd,
			     const char *usage, struct store **st)
{
	if (cli_wants_help(argc, argv)) {
		puts(usage);
		return EXIT_OK;
	}
	if (argc != 1) {
		cli_error(c, "%s: unexpected argument '%s'", cmd, argv[1]);
		return EXIT_USAGE;
	}
	if (cli_open_store(c, st, 0) != 0)
		return EXIT_ERROR;
	return -1;
}
