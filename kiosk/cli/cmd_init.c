/* cmd_init.c - `kiosk init`: create an event, its key pair and the organizer PIN.
 * Front end over store, keys, pin, timefmt. */
#include <getopt.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "core/jsonw.h"
#include "store/keys.h"
#include "store/pin.h"
#include "store/store.h"
#include "store/vault.h"
#include "store/visits.h"
#include "sync/sync.h"
#include "sync/trust.h"
#include "core/timefmt.h"

static const char usage[] =
	"usage: kiosk init --event NAME [--starts ISO --ends ISO] [--tz ZONE] [--pin PIN] [--new]\n"
	"\n"
	"Create an event in the data directory: its id, an Ed25519 key pair (the\n"
	"secret key goes to DATA/event.key, mode 0600, never into the database) and\n"
	"the organizer PIN that guards the kiosk's menu, and the event's data key:\n"
	"names, phones, addresses and comments are stored encrypted under it, and\n"
	"it is kept wrapped by a passphrase (asked on the terminal, or the first\n"
	"line of the file KIOSK_PASSPHRASE_FILE names). Every command that shows or\n"
	"writes personal data asks for the same passphrase. The event key, this\n"
	"machine's device key (DATA/device.key, for sync) and the PIN's hash are\n"
	"sealed by the data key: a stolen powered-off machine gives none of them.\n"
	"\n"
	"  --event NAME   the event's name (Bengali welcome)\n"
	"  --starts ISO   start, e.g. 2026-12-05T15:00+06:00 (with --ends; without\n"
	"  --ends ISO     both the event has no time window); the door admits from\n"
	"                 2 hours before --starts (people arrive early) until --ends\n"
	"  --tz ZONE      time zone for showing times: Asia/Dhaka (default), UTC, +06:00\n"
	"  --pin PIN      organizer PIN, 4-12 digits (default: a random one, printed once)\n"
	"  --new          start another event in a store that already has one (the\n"
	"                 earlier events stay for the returning-customer report;\n"
	"                 status and the door count the new one only)\n";

static int create_event(struct cli *c, struct store *st, const char *name, int64_t starts,
			int64_t ends, int tz_off, const char *tz_name, char event_id[9],
			char err[KERR_LEN])
{
	unsigned char rnd[4];
	char body[1024], num[32];
	struct jsonw w;

	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(event_id, 9, rnd, sizeof rnd);
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "id", event_id);
	jsonw_str(&w, "name", name);
	if (starts) {
		jsonw_int(&w, "starts_ms", starts);
		jsonw_int(&w, "ends_ms", ends);
	}
	jsonw_int(&w, "tz_offset_min", tz_off);
	jsonw_str(&w, "tz", tz_name);
	if (jsonw_end(&w) != 0)
		return kerr(err, "the event name is too long");
	if (store_begin(st, err) != 0)
		return -1;
	if (store_append(st, cli_now_ms(), "event_created", body, NULL, err) != 0)
		goto fail;
	/* the door's counts are the new event's from now on (an earlier
	 * event's guests stay in the store, not in its figures) */
	if (store_meta_set(st, "event_id", event_id, err) != 0 ||
	    store_meta_set(st, "event_name", name, err) != 0 || visits_recount(st, err) != 0)
		goto fail;
	(void)snprintf(num, sizeof num, "%" PRId64, starts);
	if (store_meta_set(st, "starts_ms", num, err) != 0)
		goto fail;
	(void)snprintf(num, sizeof num, "%" PRId64, ends);
	if (store_meta_set(st, "ends_ms", num, err) != 0)
		goto fail;
	(void)snprintf(num, sizeof num, "%d", tz_off);
	if (store_meta_set(st, "tz_offset_min", num, err) != 0 ||
	    store_meta_set(st, "tz_name", tz_name, err) != 0)
		goto fail;
	if (keys_generate(st, c->data_dir, err) != 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

/* A new store's passphrase into pass (prompted twice, or the first line of
 * KIOSK_PASSPHRASE_FILE), before the store is made: without one, init
 * stops with nothing on disk, where it used to leave a store without an
 * event that every other command then took for one. The length, or -1
 * after one line. */
static int new_store_passphrase(struct cli *c, char *pass, size_t cap)
{
	int n = cli_passphrase(c, "New passphrase for this event's data: ", 1, pass, cap);

	if (n >= 0 && n < 12)
		fprintf(stderr, "%s: init: warning: a passphrase of %d characters is quick to guess "
				"on a stolen device; 12 or more (or 5 random words) is much safer\n",
			c->prog, n);
	return n;
}

/* The event's data key (issue 14): a new store gets one, wrapped by the
 * passphrase (pass[0..n), asked before the store was made; n < 0: asked
 * now, into pass[0..cap)); a store that has one (init --new, or a retry)
 * is unlocked with it. 0, or EXIT_ERROR after one line. */
static int init_vault(struct cli *c, struct store *st, char *pass, size_t cap, int n)
{
	char err[KERR_LEN];
	int r = vault_is_set(st);

	if (r != 0)
		return r < 0 ? (cli_error(c, "init: cannot read the store's keys"), EXIT_ERROR)
			     : cli_unlock(c, st);
	if (n < 0 && (n = new_store_passphrase(c, pass, cap)) < 0)
		return EXIT_ERROR;
	if (vault_create(st, pass, (size_t)n, err) != 0) {
		cli_error(c, "init: %s", err);
		return EXIT_ERROR;
	}
	return 0;
}

int cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"event", required_argument, NULL, 'e'}, {"starts", required_argument, NULL, 's'},
		{"ends", required_argument, NULL, 'E'},  {"tz", required_argument, NULL, 'z'},
		{"pin", required_argument, NULL, 'p'},   {"new", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
	};
	const char *name = NULL, *starts_s = NULL, *ends_s = NULL, *tz = "Asia/Dhaka", *pin = NULL;
	char err[KERR_LEN], event_id[9], existing[256], pinbuf[8], t1[TIME_TEXT_MAX], t2[TIME_TEXT_MAX];
	int64_t starts = 0, ends = 0;
	char pass[1024], path[4096];
	int tz_off, opt, is_new = 0, rc = EXIT_ERROR, lock = -1, npass = -1, fresh = 0;
	struct store *st = NULL;
	struct stat sb;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'e': name = optarg; break;
		case 's': starts_s = optarg; break;
		case 'E': ends_s = optarg; break;
		case 'z': tz = optarg; break;
		case 'p': pin = optarg; break;
		case 'n': is_new = 1; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error(c, "init: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (!name || !*name) {
		cli_error(c, "init: --event NAME is required");
		return EXIT_USAGE;
	}
	if (time_parse_zone(tz, &tz_off) != 0) {
		cli_error(c, "init: unknown time zone '%s' (use Asia/Dhaka, UTC or +06:00)", tz);
		return EXIT_ERROR;
	}
	if (!starts_s != !ends_s) {
		cli_error(c, "init: give both --starts and --ends, or neither");
		return EXIT_ERROR;
	}
	if (starts_s && time_parse_iso(starts_s, tz_off, &starts) != 0) {
		cli_error(c, "init: --starts '%s' is not a time like 2026-12-05T15:00+06:00", starts_s);
		return EXIT_ERROR;
	}
	if (ends_s && time_parse_iso(ends_s, tz_off, &ends) != 0) {
		cli_error(c, "init: --ends '%s' is not a time like 2026-12-05T20:00+06:00", ends_s);
		return EXIT_ERROR;
	}
	/* A signed ticket carries its window as uint32 Unix seconds: refuse
	 * now what `tickets issue` could not sign later (1970 .. 2106). */
	if (starts_s && (starts < 0 || (ends + 999) / 1000 > (int64_t)UINT32_MAX)) {
		cli_error(c, "init: tickets can carry times from 1970 to 2106 only; check --starts and --ends");
		return EXIT_ERROR;
	}
	if (starts_s && ends <= starts) {
		cli_error(c, "init: the event must end after it starts");
		return EXIT_ERROR;
	}
	if (pin) {
		size_t i, n = strlen(pin);

		for (i = 0; i < n; i++)
			if (pin[i] < '0' || pin[i] > '9')
				break;
		if (n < 4 || n > 12 || i < n) {
			cli_error(c, "init: the PIN must have 4 to 12 digits");
			return EXIT_ERROR;
		}
	} else {
		(void)snprintf(pinbuf, sizeof pinbuf, "%06u", (unsigned)randombytes_uniform(1000000));
		pin = pinbuf;
	}
	/* Two inits at once on one folder: both saw no event, both made one, and
	 * the store kept one event with the other's key files. The folder is
	 * locked from before the store is made to the last key written, so the
	 * second waits and finds the first's event. */
	(void)snprintf(path, sizeof path, "%s/%s", c->data_dir, STORE_FILE);
	if (stat(path, &sb) != 0 && (npass = new_store_passphrase(c, pass, sizeof pass)) < 0)
		return EXIT_ERROR;
	if ((lock = store_lock_dir(c->data_dir, err)) < 0) {
		cli_error(c, "init: %s", err);
		goto out;
	}
	/* made here (another init may have made it while the passphrase was
	 * asked: the lock is not held over a prompt) */
	fresh = stat(path, &sb) != 0;
	if (cli_open_store(c, &st, 1) != 0)
		goto out;
	if (store_meta_get(st, "event_id", existing, sizeof existing) > 0 && !is_new) {
		char ename[256] = "";

		(void)store_meta_get(st, "event_name", ename, sizeof ename);
		cli_error(c, "init: '%s' already holds event '%s' (id %s); pass --new to start another"
			     " event in it, or --data DIR for a separate one", c->data_dir, ename, existing);
		goto out;
	}
	if (init_vault(c, st, pass, sizeof pass, npass) != 0)
		goto out;
	/* This is the organizer's machine: its device key (sealed) and its
	 * enrolment, so every entry is signed from the start and a push needs
	 * no passphrase (issue 14). */
	if (create_event(c, st, name, starts, ends, tz_off, tz, event_id, err) != 0 ||
	    pin_set(st, pin, err) != 0 || sync_migrate(st, err) != 0 ||
	    trust_ensure_root(st, c->data_dir, cli_now_ms(), err) < 0) {
		cli_error(c, "init: %s", err);
		goto out;
	}
	(void)cli_sign_appends(c, st);
	printf("event '%s' (id %s) created in %s\n", name, event_id, c->data_dir);
	if (starts && time_format_iso(starts, tz_off, t1, sizeof t1) > 0 &&
	    time_format_iso(ends, tz_off, t2, sizeof t2) > 0)
		printf("open from %s to %s (%s)\n", t1, t2, tz);
	else
		printf("no time window: tickets are valid whenever they are scanned\n");
	printf("secret key: %s/%s (sealed by the data key; keep it on this machine only; door devices get the public key"
	       " with 'kiosk device add')\n", c->data_dir, KEYS_SECRET_FILE);
	printf("organizer PIN: %s\n", pin);
	rc = EXIT_OK;
out:
	sodium_memzero(pass, sizeof pass);
	store_close(st);
	if (rc != EXIT_OK && fresh)
		store_files_remove(path); /* no half-made store is left (the lock is held) */
	if (lock >= 0)
		(void)close(lock); /* and the lock goes with it */
	return rc;
}

int cmd_keys_rotate(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN];
	struct store *st;
	long long n;

	if (cli_wants_help(argc, argv)) {
		puts("usage: kiosk keys rotate\n\n"
		     "Make a new key pair for the current event. New tickets are signed with it;\n"
		     "tickets already sent out stay valid (their public key stays in the store).\n"
		     "The old secret key is kept as DATA/event.key.N (sealed by the event's data\n"
		     "key, like event.key: needs the passphrase). The rotation is a journal\n"
		     "entry signed by the old key: it travels with the next push, and every\n"
		     "door that pulls it checks the signature and then accepts tickets signed\n"
		     "by the new key.");
		return EXIT_OK;
	}
	if (argc > 1) {
		cli_error(c, "keys rotate: unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	if (cli_open_store(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (cli_unlock(c, st) != 0) { /* the event key is sealed by the data key */
		store_close(st);
		return EXIT_ERROR;
	}
	if (keys_rotate(st, c->data_dir, cli_now_ms(), err) != 0) {
		cli_error(c, "keys rotate: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	n = keys_count_valid(st, err);
	if (n < 0)
		n = 0; /* the new pair is made; only the count is missing */
	store_close(st);
	printf("new key pair made; %lld public key(s) now valid for this event\n", n);
	return EXIT_OK;
}
