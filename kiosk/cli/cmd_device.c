/* cmd_device.c - `kiosk device add NAME --out FILE` (organizer's machine) and
 * `kiosk device join FILE` (the new device): enrol a device for sync.
 * Front end over sync/enrol.c; prints only after the work is durable. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "sync/enrol.h"
#include "sync/sync.h"
#include "sync/trust.h"
#include "store/store.h"
#include "store/vault.h"

static const char add_usage[] =
	"usage: kiosk device add NAME --out FILE [--kind door|desk]\n"
	"\n"
	"On the organizer's machine: make a new device (id and Ed25519 key pair),\n"
	"enrol its public key in this event's journal, and write FILE, the enrolment\n"
	"bundle to carry to the device: its secret key, the event settings and public\n"
	"ticket keys, and the organizer's journal so far (roster, catalog, devices).\n"
	"Needs the event passphrase. The device's secret key, the PIN hash and every\n"
	"name and phone in FILE are sealed by the event's data key, which FILE\n"
	"carries wrapped by the event passphrase (and the unlock card, if one was\n"
	"made): FILE opens only with them. Still, delete it after the join (0600).\n"
	"--kind desk (an order desk): FILE carries not the data key but the desk's\n"
	"keys only, wrapped by the event passphrase (asked again): the desk reads the\n"
	"catalog, its orders and returning customers by phone, never the guest list\n"
	"('kiosk attendees list' there exits 3). --kind door (the default): the full\n"
	"key, for doors and a second organizer machine.\n";

static const char join_usage[] =
	"usage: kiosk device join FILE [--device-passphrase-file FILE]\n"
	"\n"
	"On a new device: create its store in the data folder from an enrolment\n"
	"bundle written by 'kiosk device add'. The folder must not hold entries yet.\n"
	"A damaged or truncated bundle is refused and nothing is created.\n"
	"The bundle is encrypted: it opens with the event passphrase (the first line\n"
	"of KIOSK_PASSPHRASE_FILE, or asked on the terminal), and the new store is\n"
	"protected by the same passphrase, or by the one on the first line of\n"
	"--device-passphrase-file FILE (the device's own; the data key is the\n"
	"event's, so the organizer still reads what this device writes). An unlock\n"
	"card made before 'device add' opens the new store too. A wrong passphrase:\n"
	"one line, exit 3, nothing created.\n";

int cmd_device_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'}, {"kind", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	const char *out = NULL, *kind = "door";
	char err[KERR_LEN], id[STORE_DEVICE_ID_MAX], pass[1024], wrap[VAULT_WRAP_MAX];
	struct store *st = NULL;
	int opt, n, r;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'k': kind = optarg; break;
		case 'h': fputs(add_usage, stdout); return EXIT_OK;
		default:
			cli_error(c, "device add: unknown option or missing value '%s' "
				     "(see 'kiosk device add --help')", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || !out) {
		cli_error(c, "device add: give one NAME and --out FILE (see 'kiosk device add --help')");
		return EXIT_USAGE;
	}
	if (strcmp(kind, "door") != 0 && strcmp(kind, "desk") != 0) {
		cli_error(c, "device add: --kind is door or desk, not '%s'", kind);
		return EXIT_USAGE;
	}
	if (cli_open_store(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (cli_unlock(c, st) != 0) {
		store_close(st);
		return EXIT_ERROR;
	}
	wrap[0] = '\0';
	if (strcmp(kind, "desk") == 0 && vault_is_set(st) > 0) {
		/* The desk's keys travel wrapped by the event passphrase. */
		n = cli_passphrase(c, "Event passphrase (for the desk's bundle): ", 0, pass, sizeof pass);
		r = n < 0 ? -1 : vault_wrap_desk(st, pass, (size_t)n, wrap, err);
		sodium_memzero(pass, sizeof pass);
		if (r != 0) {
			if (n >= 0)
				cli_error(c, "device add: %s", err);
			store_close(st);
			return EXIT_ERROR;
		}
	}
	r = enrol_add(st, c->data_dir, argv[optind], out, wrap[0] ? wrap : NULL, cli_now_ms(), id, err);
	sodium_memzero(wrap, sizeof wrap);
	if (r != 0) {
		cli_error(c, "device add: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	store_close(st);
	printf("device %s enrolled as '%s'; bundle written to %s (its secret key sealed: it opens "
	       "with the event passphrase; delete it after the join)\n", id,
	       argv[optind], out);
	return EXIT_OK;
}

int cmd_device_join(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"device-passphrase-file", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char err[KERR_LEN], id[STORE_DEVICE_ID_MAX], pass[1024], dpass[1024];
	const char *dfile = NULL;
	struct enrol_secret sec = {0};
	int opt, n, rc = EXIT_ERROR, r;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': dfile = optarg; break;
		case 'h': fputs(join_usage, stdout); return EXIT_OK;
		default:
			cli_error(c, "device join: unknown option or missing value '%s' "
				     "(see 'kiosk device join --help')", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || argv[optind][0] == '-') {
		cli_error(c, "device join: give one FILE (see 'kiosk device join --help')");
		return EXIT_USAGE;
	}
	n = cli_passphrase(c, "Event passphrase: ", 0, pass, sizeof pass);
	if (n < 0)
		goto out;
	sec.pass = pass;
	sec.n = (size_t)n;
	if (dfile) {
		n = cli_passphrase_file(c, "--device-passphrase-file", dfile, dpass, sizeof dpass);
		if (n < 0)
			goto out;
		sec.device_pass = dpass;
		sec.dn = (size_t)n;
	}
	r = enrol_join(c->data_dir, argv[optind], cli_now_ms(), &sec, id, err);
	if (r != 0) {
		cli_error(c, "device join: %s", r == 1 ? "wrong passphrase (nothing was created)" : err);
		goto out;
	}
	printf("joined as device %s; data in %s\n", id, c->data_dir);
	rc = EXIT_OK;
out:
	sodium_memzero(pass, sizeof pass);
	sodium_memzero(dpass, sizeof dpass);
	return rc;
}

static const char revoke_usage[] =
	"usage: kiosk device revoke DEVICE_ID [--upto SEQ]\n"
	"\n"
	"On the organizer's machine: revoke a lost or misbehaving device. The\n"
	"revocation is a journal entry signed by the event key; it travels with the\n"
	"next push. It carries the cut-off: the last entry of the device this machine\n"
	"holds (or SEQ, if not past it). The device's entries up to the cut-off are\n"
	"its honest history and count on every device; every later entry is refused\n"
	"by every device that pulls, and stops counting on a device that pulled it\n"
	"before the revocation arrived: the order of pulls does not matter. The\n"
	"other devices still sync. Prints the cut-off on a second line.\n";

int cmd_device_revoke(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN], *end = NULL;
	struct store *st = NULL;
	int64_t upto = -1, cutoff = 0;

	if (cli_wants_help(argc, argv)) {
		fputs(revoke_usage, stdout);
		return EXIT_OK;
	}
	if (argc == 4 && strcmp(argv[2], "--upto") == 0) {
		errno = 0;
		upto = strtoll(argv[3], &end, 10);
		if (errno || !*argv[3] || *end || upto < 0 || argv[3][0] == '-' ||
		    argv[3][0] == '+' || upto > TRUST_CUTOFF_MAX) {
			cli_error(c, "device revoke: --upto wants a sequence number (0 or more), not "
				  "'%s'", argv[3]);
			return EXIT_USAGE;
		}
		argc = 2;
	}
	if (argc != 2 || argv[1][0] == '-') {
		cli_error(c, "device revoke: give one DEVICE_ID (see 'kiosk device revoke --help')");
		return EXIT_USAGE;
	}
	if (cli_open_store(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (cli_unlock(c, st) != 0) {
		store_close(st);
		return EXIT_ERROR;
	}
	if (sync_migrate(st, err) != 0 ||
	    trust_revoke(st, c->data_dir, argv[1], upto, cli_now_ms(), &cutoff, err) != 0) {
		cli_error(c, "device revoke: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	store_close(st);
	printf("device %s revoked; push to pass it on\n", argv[1]);
	printf("cut-off: %" PRId64 " (its entries up to seq %" PRId64 " count; later ones are "
	       "refused)\n", cutoff, cutoff);
	return EXIT_OK;
}
