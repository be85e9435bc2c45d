/* helper.c - `kiosk run` and `kiosk scan` as separate programs: the screen
 * (SDL, SDL_ttf, SDL_image, audio, V4L2, zbar; also `tickets issue`, whose
 * cards it draws) and the image scanner (zbar,
 * which Debian builds with V4L2, X11 and D-Bus) are exec'd, so every other
 * `kiosk` process (checkin, verify, report, ...) loads none of them; `orders
 * receipt` (a PNG, a print) runs in the screen, `catalog seller --qr` in the
 * scanner.
 * Front end: POSIX exec only. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "io/sharedir.h"

/* Where program lives: beside this executable (the build tree), in
 * EXE/../libexec/kiosk (installed, DESTDIR-staged or moved), else in the
 * compiled-in PREFIX/libexec/kiosk (io/sharedir.h). Into path[PATH_MAX]. */
static void helper_path(const char *program, char path[PATH_MAX])
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (n > 0) {
		char *slash;

		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			if (snprintf(path, PATH_MAX, "%s/%s", self, program) < PATH_MAX &&
			    access(path, X_OK) == 0)
				return;
			if (snprintf(path, PATH_MAX, "%s/../libexec/kiosk/%s", self, program) < PATH_MAX &&
			    access(path, X_OK) == 0)
				return;
		}
	}
	(void)snprintf(path, PATH_MAX, "%s/libexec/kiosk/%s", share_prefix, program);
}

/* Replace this process by program with the same command line (the data
 * directory made explicit); returns only when the exec failed. */
static int exec_helper(struct cli *c, const char *program, int argc, char **argv)
{
	char path[PATH_MAX];
	char **av = calloc((size_t)argc + 4, sizeof *av);
	int i, k = 0;

	if (!av) {
		cli_error(c, "%s: out of memory", argv[0]);
		return EXIT_ERROR;
	}
	helper_path(program, path);
	av[k++] = (char *)c->prog;
	if (c->data_dir) {
		av[k++] = "--data";
		av[k++] = (char *)c->data_dir;
	}
	for (i = 0; i < argc; i++)
		av[k++] = argv[i];
	av[k] = NULL;
	(void)fflush(NULL); /* nothing is buffered yet; never lose a line */
	execv(path, av);
	cli_error(c, "%s: cannot start '%s': %s", argv[0], path, strerror(errno));
	free(av);
	return EXIT_ERROR;
}

int cmd_run_exec(struct cli *c, int argc, char **argv)
{
	return exec_helper(c, "kiosk-screen", argc, argv);
}

/* `tickets issue` draws the ticket cards with SDL_ttf (sdl/cardpng.c): it
 * runs in kiosk-screen too, under its two-word name. */
int cmd_tickets_exec(struct cli *c, int argc, char **argv)
{
	char **av = calloc((size_t)argc + 2, sizeof *av);
	int i, rc;

	if (!av) {
		cli_error(c, "tickets issue: out of memory");
		return EXIT_ERROR;
	}
	av[0] = "tickets";
	for (i = 0; i < argc; i++)
		av[i + 1] = argv[i];
	rc = exec_helper(c, "kiosk-screen", argc + 1, av);
	free(av); /* only reached when the exec failed */
	return rc;
}

int cmd_scan_exec(struct cli *c, int argc, char **argv)
{
	return exec_helper(c, "kiosk-scan", argc, argv);
}

/* A two-word command ("orders receipt") whose dispatch left only its second
 * word in argv[0]: the helper gets both back. */
static int exec_helper_group(struct cli *c, const char *program, const char *group, int argc,
			     char **argv)
{
	char **av = calloc((size_t)argc + 2, sizeof *av);
	int rc;

	if (!av) {
		cli_error(c, "%s: out of memory", group);
		return EXIT_ERROR;
	}
	av[0] = (char *)group;
	for (int i = 0; i < argc; i++)
		av[i + 1] = argv[i];
	rc = exec_helper(c, program, argc + 1, av);
	free(av);
	return rc;
}

int cmd_orders_receipt_exec(struct cli *c, int argc, char **argv)
{
	return exec_helper_group(c, "kiosk-screen", "orders", argc, argv);
}

int cmd_catalog_seller_exec(struct cli *c, int argc, char **argv)
{
	return exec_helper_group(c, "kiosk-scan", "catalog", argc, argv);
}
