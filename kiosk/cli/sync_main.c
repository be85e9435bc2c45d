/* main.c - `kiosk-sync`: carries journals between devices (bundles on a folder
 * or USB stick, PostgreSQL). Start reading here; only main() exits.
 * Front end over sync/sync.h; progress on a terminal, quiet when piped. */
#include <getopt.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "io/dfile.h"
#include "sync/pgsync.h"
#include "store/census.h"
#include "store/store.h"
#include "sync/sync.h"
#include "sync/trust.h"

/* ---- helpers ------------------------------------------------------------- */

/* cli_error for this program: a line here may name a target (a URL, a
 * keyword connection string, a folder path), so the whole line goes through
 * the one redaction: a password never reaches the terminal or a log. */
static void sync_error(const struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sync_error(const struct cli *c, const char *fmt, ...)
{
	char msg[KERR_LEN * 2], red[KERR_LEN * 2];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pgsync_url_redact(msg, red, sizeof red);
	cli_error(c, "%s", red);
}

static void on_progress(void *ctx, int64_t done, int64_t total)
{
	((struct progress *)ctx)->total = total;
	progress_step(ctx, done);
}

static void print_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("problem: %s\n", line);
}

/* Local time "YYYY-MM-DD HH:MM" or "never". */
static const char *when(int64_t ms, char buf[32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (ms <= 0 || !localtime_r(&t, &tm) || strftime(buf, 32, "%Y-%m-%d %H:%M", &tm) == 0)
		return "never";
	return buf;
}

/* --timeout SECONDS: every wait on the network (connect, statement, lock). */
static int parse_timeout(struct cli *c, const char *cmd, const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (end == arg || *end || v < 1 || v > 3600) {
		sync_error(c, "%s: --timeout needs seconds from 1 to 3600", cmd);
		return EXIT_USAGE;
	}
	pgsync_set_timeout((int)v);
	return -1;
}

/* Connections of this data folder use its passfile (kiosk-sync target keeps
 * passwords there), when it has one; else libpq's own (~/.pgpass). */
static void use_passfile(struct cli *c)
{
	char path[4096];
	struct stat sb;

	(void)snprintf(path, sizeof path, "%s/%s", c->data_dir, PGSYNC_PASSFILE);
	if (stat(path, &sb) == 0)
		pgsync_set_passfile(path);
}

/* Parse "--to X"/"--from X" style options shared by push and pull. Returns the
 * exit code to stop with, or -1 to go on. */
static int parse_target(struct cli *c, int argc, char **argv, const char *opt_name,
			const char *usage, const char **target, int *batch)
{
	const struct option opts[] = {
		{opt_name, required_argument, NULL, 't'}, {"batch", required_argument, NULL, 'b'},
		{"timeout", required_argument, NULL, 'T'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char *end;
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 't': *target = optarg; break;
		case 'b':
			*batch = (int)strtol(optarg, &end, 10);
			if (end == optarg || *end || *batch < 1 || *batch > 10000000) {
				sync_error(c, "%s: --batch needs a number from 1 to 10000000", argv[0]);
				return EXIT_USAGE;
			}
			break;
		case 'T':
			if (parse_timeout(c, argv[0], optarg) >= 0)
				return EXIT_USAGE;
			break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default:
			sync_error(c, "%s: unknown option or missing value '%s' (see 'kiosk-sync %s --help')",
				  argv[0], argv[optind - 1], argv[0]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		sync_error(c, "%s: unexpected argument '%s'", argv[0], argv[optind]);
		return EXIT_USAGE;
	}
	if (!*target || !**target) {
		sync_error(c, "%s: needs --%s DIR or --%s postgresql://... (see 'kiosk-sync %s --help')",
			  argv[0], opt_name, opt_name, argv[0]);
		return EXIT_USAGE;
	}
	use_passfile(c);
	return -1;
}

/* ---- commands ------------------------------------------------------------ */

static const char push_usage[] =
	"usage: kiosk-sync push --to DIR|postgresql://USER@HOST/DB [--batch N] [--timeout S]\n"
	"\n"
	"Send this device's journal entries that the target does not hold yet.\n"
	"  DIR: writes one new signed segment file DIR/<device>/<first>-<last>.kseg\n"
	"       (a fresh folder or stick gets the whole history). One stick serves\n"
	"       every event: when DIR's top holds another event, this event's files\n"
	"       go to DIR/event.<id>/<device>/ (the line printed names it).\n"
	"  postgresql://...: COPY into a staging table, then INSERT ... ON CONFLICT DO\n"
	"       NOTHING, one transaction per batch of N entries (default 50000);\n"
	"       after any failure the next push resumes from the server's watermark.\n"
	"       TLS goes in the URL (sslmode=verify-full); passwords in a libpq\n"
	"       passfile (DATA/pgpass, written by 'kiosk-sync target', or ~/.pgpass).\n"
	"       Every wait (connect, statement, lock) ends after --timeout seconds\n"
	"       (default 30) with one line; TCP keepalives find a dead server.\n"
	"Before writing, what the target holds of this device must be this store's\n"
	"history (on PostgreSQL, the role must be this event's): a restored or copied data\n"
	"folder that diverged (a fork) is refused with one line saying what to do.\n"
	"Needs no passphrase: it sends the tip this device signed when it wrote its\n"
	"entries. Entries no process could sign yet wait (one line on stderr says\n"
	"how many) for a kiosk command run with the passphrase.\n"
	"Prints one line; exit 0 when everything signed was pushed, 3 on error.\n";

static int cmd_push(struct cli *c, int argc, char **argv)
{
	const char *target = NULL;
	char err[KERR_LEN], red[SYNC_TARGET_MAX], where[SYNC_TARGET_MAX + 64];
	struct sync_stats stats;
	struct progress pr;
	struct store *st = NULL;
	int batch = 0, rc;

	rc = parse_target(c, argc, argv, "to", push_usage, &target, &batch);
	if (rc >= 0)
		return rc;
	if (cli_open_store(c, &st, CLI_STORE_READ) != 0)
		return EXIT_ERROR;
	progress_start(&pr, "push", 0);
	rc = sync_push(st, c->data_dir, target, batch, cli_now_ms(), &stats, on_progress, &pr, err);
	progress_end(&pr);
	store_close(st);
	if (rc != 0) {
		sync_error(c, "push: %s", err);
		return EXIT_ERROR;
	}
	pgsync_url_redact(target, red, sizeof red);
	/* A later event on a folder another event used first: its own sub-folder. */
	if (stats.event_dir[0])
		(void)snprintf(where, sizeof where, "%s/%s", red, stats.event_dir);
	else
		(void)snprintf(where, sizeof where, "%s", red);
	if (stats.pushed == 0)
		printf("nothing to push: %s already holds every entry of this device\n", where);
	else
		printf("pushed %" PRId64 " entries (seq %" PRId64 "..%" PRId64 ") in %" PRId64
		       " %s%s%s\n", stats.pushed, stats.first, stats.last, stats.segments,
		       sync_target_is_pg(target) ? "batch(es)" : "segment",
		       stats.event_dir[0] ? " to this event's folder " : "",
		       stats.event_dir[0] ? where : "");
	if (stats.unsigned_left > 0)
		fprintf(stderr, "%s: push: %" PRId64 " newer entries are not signed yet and wait: run a "
				"kiosk command with the passphrase on this device (it signs them), then "
				"push again\n", c->prog, stats.unsigned_left);
	return EXIT_OK;
}

static const char pull_usage[] =
	"usage: kiosk-sync pull --from DIR|postgresql://USER@HOST/DB [--timeout S]\n"
	"\n"
	"Import every other device's entries of this event from the target. Each\n"
	"segment (or each device's rows on the server) must come from an enrolled,\n"
	"not revoked device, carry its valid signature and continue the chain held\n"
	"here. Each device is applied all-or-nothing: a device with a truncated,\n"
	"corrupted, re-ordered or tampered segment, or an unknown device, or an\n"
	"organizer's revocation that does not verify, is refused with one line on\n"
	"stderr naming it and why, and every other device is still imported; the\n"
	"exit is then 3. Of a revoked device, the entries up to the revocation's\n"
	"cut-off are imported and later ones refused the same way; entries past it\n"
	"held from before the revocation arrived stop counting (one line says so).\n"
	"Key rotations pulled are checked against the keys held and then used.\n"
	"Importing the same data again adds nothing; the order of pulls does not\n"
	"matter. Check-ins of one ticket at two\n"
	"doors are both kept and show in the double_entries view. Files and folders\n"
	"not named like a device or a segment (lost+found, DCIM, Thumbs.db, copies)\n"
	"are skipped with one line on stderr. A folder read is DIR's top and its\n"
	"sub-folders event.<id> of this event and of earlier events this store holds\n"
	"(kiosk init --new): a door of last month's meetup that syncs late still\n"
	"lands, counting for its own event (on PostgreSQL too, as far as the login\n"
	"role may see: a door's role sees its own event only). Device folders of\n"
	"events this store never held (another meetup on the same stick) are left\n"
	"alone, counted in one line on stdout; they are not refused.\n";

static int cmd_pull(struct cli *c, int argc, char **argv)
{
	const char *target = NULL;
	char err[KERR_LEN];
	struct sync_state s;
	struct sync_stats stats;
	struct progress pr;
	struct store *st = NULL;
	int batch = 0, rc;

	rc = parse_target(c, argc, argv, "from", pull_usage, &target, &batch);
	if (rc >= 0)
		return rc;
	if (cli_open_store(c, &st, 0) != 0)
		return EXIT_ERROR;
	progress_start(&pr, "pull", 0);
	rc = sync_pull(st, target, cli_now_ms(), &stats, on_progress, &pr, err);
	progress_end(&pr);
	if (rc != 0) {
		store_close(st);
		sync_error(c, "pull: %s", err);
		return EXIT_ERROR;
	}
	printf("pulled %" PRId64 " new entries (%" PRId64 " already held) from %" PRId64
	       " device(s)\n", stats.added, stats.held, stats.devices - stats.refused);
	/* A revocation that arrived after entries it cuts off: they are held
	 * but no longer count (not an error: the pull did what it should). */
	if (stats.voided_devices > 0)
		printf("%s%s\n", stats.voided_first,
		       stats.voided_devices > 1 ? " (and other revoked devices)" : "");
	if (stats.skipped > 0)
		sync_error(c, "pull: skipped %" PRId64 " %s that %s not bundles ('%s'%s)",
			  stats.skipped, stats.skipped == 1 ? "entry" : "entries",
			  stats.skipped == 1 ? "is" : "are", stats.skipped_first,
			  stats.skipped > 1 ? ", ..." : "");
	if (stats.other_event > 0)
		printf("left alone: %" PRId64 " device folder(s) of other events (not held here)\n",
		       stats.other_event);
	for (int64_t i = 0; i < stats.refused && i < SYNC_REFUSALS_MAX; i++)
		sync_error(c, "pull: %s", stats.refusals[i]);
	if (stats.refused > SYNC_REFUSALS_MAX)
		sync_error(c, "pull: and %" PRId64 " more device(s) refused",
			  stats.refused - SYNC_REFUSALS_MAX);
	/* The pull is committed; this line is a hint, so a failure here is not one. */
	if (sync_state_read(st, &s, err) == 0 && s.double_entries > 0)
		printf("double entries: %" PRId64 " ticket(s) checked in at more than one door "
		       "(kept; see 'kiosk-sync status' or the double_entries view)\n",
		       s.double_entries);
	store_close(st);
	return stats.refused ? EXIT_ERROR : EXIT_OK;
}

static const char status_usage[] =
	"usage: kiosk-sync status\n"
	"\n"
	"Show this device, the configured sync target, the last push and pull,\n"
	"how many entries wait to be pushed, tickets checked in twice, and per\n"
	"device held: entries, highest seq, last entry time and how far its\n"
	"signature covers.\n";

/* One DEVICE line of `kiosk-sync status`; ctx is this device's id. */
static void print_device(void *ctx, const struct census_device *d)
{
	char signed_to[32], t[32];

	if (strcmp(d->device, ctx) == 0)
		(void)snprintf(signed_to, sizeof signed_to, "(this device)");
	else
		(void)snprintf(signed_to, sizeof signed_to, "%lld", (long long)d->signed_to);
	printf("%-40s %8lld %8lld %-16s %s\n", d->device, (long long)d->entries,
	       (long long)d->max_seq, when(d->last_at_ms, t), signed_to);
}

static int cmd_status(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN], t1[32], t2[32], root[STORE_DEVICE_ID_MAX + 1], name[TRUST_NAME_MAX];
	char red[SYNC_TARGET_MAX];
	struct sync_state s;
	struct store *st = NULL;
	int rc = EXIT_ERROR;

	if (cli_wants_help(argc, argv)) {
		fputs(status_usage, stdout);
		return EXIT_OK;
	}
	if (argc > 1) {
		sync_error(c, "status: unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	if (cli_open_store(c, &st, CLI_STORE_READ) != 0) /* shows only: a read-only stick is fine */
		return EXIT_ERROR;
	if (sync_state_read(st, &s, err) != 0 || trust_root(st, root, err) < 0) {
		sync_error(c, "status: %s", err);
		goto out;
	}
	(void)trust_name(st, store_device_id(st), name);
	printf("device:      %s%s%s%s\n", store_device_id(st), name[0] ? " (" : "", name,
	       name[0] ? ")" : "");
	printf("organizer:   %s\n", root[0] ? (strcmp(root, store_device_id(st)) == 0 ? "this device" : root) : "none yet");
	pgsync_url_redact(s.target, red, sizeof red);
	printf("target:      %s\n", s.target[0] ? red : "none (kiosk-sync target DIR|URL)");
	printf("last push:   %s\n", when(s.last_push_ms, t1));
	printf("last pull:   %s\n", when(s.last_pull_ms, t2));
	printf("waiting:     %" PRId64 " of %" PRId64 " entries not pushed yet\n", s.waiting,
	       s.local_max);
	printf("double entries: %" PRId64 " ticket(s) checked in more than once\n", s.double_entries);
	if (s.last_error[0])
		printf("last error:  %s\n", s.last_error);
	printf("\n%-40s %8s %8s %-16s %s\n", "DEVICE", "ENTRIES", "MAX SEQ", "LAST ENTRY", "SIGNED TO");
	if (census_devices(st, print_device, (void *)store_device_id(st), err) != 0) {
		sync_error(c, "status: %s", err);
		goto out;
	}
	rc = EXIT_OK;
out:
	store_close(st);
	return rc;
}

static const char verify_usage[] =
	"usage: kiosk-sync verify\n"
	"\n"
	"Check everything held: every device's hash chain and gapless seq, the\n"
	"projections against a rebuild, and for every other device that its entries\n"
	"are covered by a signature that verifies with its enrolled key. Checks a\n"
	"private copy of the store (as kiosk verify), so a door never waits for it.\n"
	"Prints one line per problem. Exit 0 intact, 1 problems, 3 could not check.\n";

static int cmd_verify(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN];
	struct store *st = NULL;
	int n;

	if (cli_wants_help(argc, argv)) {
		fputs(verify_usage, stdout);
		return EXIT_OK;
	}
	if (argc > 1) {
		sync_error(c, "verify: unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	/* checks only, on a private copy: its rebuild holds no lock on the
	 * store a door may be writing to (kiosk verify does the same) */
	if (cli_open_store(c, &st, CLI_STORE_COPY) != 0)
		return EXIT_ERROR;
	n = sync_verify(st, print_line, NULL, err);
	store_close(st);
	cli_remove_copy(c);
	if (n < 0) {
		sync_error(c, "verify: %s", err);
		return EXIT_ERROR;
	}
	if (n > 0) {
		printf("%d problem(s)\n", n);
		return 1;
	}
	printf("intact: chains, sequence numbers, projections and signatures all check\n");
	return EXIT_OK;
}

static const char target_usage[] =
	"usage: kiosk-sync target [DIR|postgresql://...|--clear]\n"
	"\n"
	"Show or set where the kiosk pushes in the background (when reachable).\n"
	"A password in the URL (user:password@ or password=) is never stored with\n"
	"it: it goes to DATA/pgpass (mode 0600, libpq's PGPASSFILE format), which\n"
	"every push and pull of this data folder uses; the URL is kept and shown\n"
	"without it.\n";

static int cmd_target(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN], cur[SYNC_TARGET_MAX], red[SYNC_TARGET_MAX], pass[4096];
	struct store *st = NULL;
	int rc = EXIT_OK, r, saved = 0;

	if (cli_wants_help(argc, argv)) {
		fputs(target_usage, stdout);
		return EXIT_OK;
	}
	if (argc > 2) {
		sync_error(c, "target: give at most one DIR or URL");
		return EXIT_USAGE;
	}
	if (cli_open_store(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (argc == 1) {
		r = store_meta_get(st, SYNC_META_TARGET, cur, sizeof cur);
		if (r < 0) {
			sync_error(c, "target: cannot read the setting");
			rc = EXIT_ERROR;
		} else {
			pgsync_url_redact(cur, red, sizeof red);
			printf("%s\n", r && cur[0] ? red : "none");
		}
		goto out;
	}
	if (strcmp(argv[1], "--clear") == 0) {
		red[0] = '\0';
	} else {
		if (strlen(argv[1]) >= sizeof red) {
			sync_error(c, "target: too long");
			rc = EXIT_USAGE;
			goto out;
		}
		pgsync_url_redact(argv[1], red, sizeof red);
		(void)snprintf(pass, sizeof pass, "%s/%s", c->data_dir, PGSYNC_PASSFILE);
		if (sync_target_is_pg(argv[1]) &&
		    (saved = pgsync_save_password(argv[1], pass, err)) < 0) {
			sync_error(c, "target: %s", err);
			rc = EXIT_ERROR;
			goto out;
		}
	}
	if (store_meta_set(st, SYNC_META_TARGET, red, err) != 0) {
		sync_error(c, "target: %s", err);
		rc = EXIT_ERROR;
		goto out;
	}
	if (red[0])
		printf("target: %s%s\n", red, saved > 0 ? " (password kept in DATA/pgpass, mode 0600)"
						  : "");
out:
	store_close(st);
	return rc;
}

static const char pg_setup_usage[] =
	"usage: kiosk-sync pg-setup --to postgresql://OWNER@HOST/DB [--timeout S]\n"
	"\n"
	"As the database's owner: create or migrate the kiosk schema (tables\n"
	"kiosk_journal, kiosk_tips, kiosk_devices keyed by event, so one database\n"
	"holds many events; row-level security by device, event and kind of device;\n"
	"role kiosk_device, views kiosk_double_entries and kiosk_walkin_duplicates).\n"
	"Safe to run again.\n";

static int cmd_pg_setup(struct cli *c, int argc, char **argv)
{
	const char *url = NULL;
	char err[KERR_LEN];
	int batch = 0, rc;

	rc = parse_target(c, argc, argv, "to", pg_setup_usage, &url, &batch);
	if (rc >= 0)
		return rc;
	if (!sync_target_is_pg(url)) {
		sync_error(c, "pg-setup: --to needs a postgresql:// URL");
		return EXIT_USAGE;
	}
	if (pgsync_setup(url, err) != 0) {
		sync_error(c, "pg-setup: %s", err);
		return EXIT_ERROR;
	}
	printf("kiosk schema version %d ready\n", PGSYNC_SCHEMA_VERSION);
	return EXIT_OK;
}

static const char pg_enrol_usage[] =
	"usage: kiosk-sync pg-enrol DEVICE_ID --to postgresql://OWNER@HOST/DB\n"
	"                           [--kind door|desk|organizer] [--event ID]\n"
	"                           [--password-file FILE] [--timeout S]\n"
	"\n"
	"As the database's owner, on the organizer's machine: create the login role\n"
	"kiosk_DEVICE_ID for a device of this event (the store's event, or --event)\n"
	"with the password in FILE, if given. The role inserts only its own rows of\n"
	"its event and reads only what its kind needs: a door the rows of the\n"
	"organizer and the doors (roster, settings, keys, check-ins), an order desk\n"
	"those of the organizer and the desks (catalog, orders), the organizer the\n"
	"whole event; never another event's. --kind defaults to organizer for the\n"
	"organizer's own device, else door. A device the store never enrolled, or\n"
	"a door's or desk's role already enrolled for another event, is refused.\n"
	"The organizer's role gains the event beside its earlier ones (run this\n"
	"again after 'kiosk init --new'). The device then pushes with\n"
	"postgresql://kiosk_DEVICE_ID@HOST/DB.\n";

static int cmd_pg_enrol(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"to", required_argument, NULL, 't'}, {"password-file", required_argument, NULL, 'p'},
		{"kind", required_argument, NULL, 'k'}, {"event", required_argument, NULL, 'e'},
		{"timeout", required_argument, NULL, 'T'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *url = NULL, *pwfile = NULL, *kind = NULL, *event = NULL;
	char err[KERR_LEN], role[64], *pw = NULL, ev[64], root[STORE_DEVICE_ID_MAX + 1] = "";
	uint8_t pk[TRUST_PK_LEN];
	size_t len = 0;
	int opt, rc, known = 1;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 't': url = optarg; break;
		case 'p': pwfile = optarg; break;
		case 'k': kind = optarg; break;
		case 'e': event = optarg; break;
		case 'T':
			if (parse_timeout(c, "pg-enrol", optarg) >= 0)
				return EXIT_USAGE;
			break;
		case 'h': fputs(pg_enrol_usage, stdout); return EXIT_OK;
		default:
			sync_error(c, "pg-enrol: unknown option or missing value '%s'", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || !url || !sync_target_is_pg(url)) {
		sync_error(c, "pg-enrol: give DEVICE_ID and --to postgresql://... (see --help)");
		return EXIT_USAGE;
	}
	if (kind && strcmp(kind, "organizer") != 0 && strcmp(kind, "door") != 0 &&
	    strcmp(kind, "desk") != 0) {
		sync_error(c, "pg-enrol: --kind must be door, desk or organizer, not '%s'", kind);
		return EXIT_USAGE;
	}
	if (event) {
		(void)snprintf(ev, sizeof ev, "%s", event);
	} else {
		struct store *st = NULL;

		/* The event (and whether this is the organizer's own device) from
		 * the organizer's store. */
		if (cli_open_store(c, &st, 0) != 0)
			return EXIT_ERROR;
		rc = store_meta_get(st, "event_id", ev, sizeof ev);
		if (rc == 1 && trust_root(st, root, err) < 0)
			rc = -1;
		/* A role for a device this event never enrolled could push nothing
		 * a pull accepts: refuse it here, where the store can tell. */
		if (rc == 1 && (known = trust_pubkey(st, argv[optind], pk, err)) <= 0)
			rc = known < 0 ? -1 : 0;
		store_close(st);
		if (known < 0) {
			sync_error(c, "pg-enrol: %s", err);
			return EXIT_ERROR;
		}
		if (rc == 0 && known == 0) {
			sync_error(c, "pg-enrol: device '%s' is not enrolled in event %s (run 'kiosk "
				      "device add' first)", argv[optind], ev);
			return EXIT_ERROR;
		}
		if (rc != 1) {
			sync_error(c, "pg-enrol: '%s' holds no event (give --event ID)", c->data_dir);
			return EXIT_ERROR;
		}
	}
	if (!kind)
		kind = strcmp(root, argv[optind]) == 0 ? "organizer" : "door";
	if (pwfile) {
		rc = dfile_read(pwfile, &pw, &len, 4096, err);
		if (rc <= 0) {
			sync_error(c, "pg-enrol: %s", rc == 0 ? "password file not found" : err);
			return EXIT_ERROR;
		}
		while (len > 0 && (pw[len - 1] == '\n' || pw[len - 1] == '\r'))
			pw[--len] = '\0';
	}
	rc = pgsync_enrol(url, argv[optind], ev, kind, pw, role, err);
	if (pw) {
		sodium_memzero(pw, len);
		free(pw);
	}
	if (rc != 0) {
		sync_error(c, "pg-enrol: %s", err);
		return EXIT_ERROR;
	}
	printf("role %s may push device %s (%s of event %s)\n", role, argv[optind], kind, ev);
	return EXIT_OK;
}

static const struct cli_command commands[] = {
	{"push", cmd_push, "send this device's new entries (--to DIR|postgresql://...)"},
	{"pull", cmd_pull, "import the other devices' entries (--from DIR|postgresql://...)"},
	{"status", cmd_status, "what is waiting, last sync, per device"},
	{"verify", cmd_verify, "check chains and signatures of everything held"},
	{"target", cmd_target, "show or set the background sync target"},
	{"pg-setup", cmd_pg_setup, "create or migrate the PostgreSQL schema (as its owner)"},
	{"pg-enrol", cmd_pg_enrol, "create a device's PostgreSQL role (as the owner)"},
	{NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
	return cli_main("kiosk-sync", commands, argc, argv);
}
