/* cmd_tickets.c - `kiosk tickets issue --out DIR`: one QR PNG per attendee, a
 * printable sheet and codes.csv. Front end: reads the store (never writes
 * it), signs with the event's secret key, so it runs on the organizer's
 * machine only. */
#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/atomicfile.h"
#include "io/dfile.h"
#include "cli.h"
#include "commands.h"
#include "store/keys.h"
#include "io/qrpng.h"
#include "io/sheet.h"
#include "store/attendees.h"
#include "store/store.h"
#include "core/timefmt.h"
#include "core/ticket.h"
#include "core/ticketmsg.h"
#include "run_sdl.h"
#include "sdl/cardpng.h"

#define META_MAX 256
/* Codes from another system are not ours to shorten; allow them a denser QR
 * than our own (v10-M still holds 213 alphanumeric characters or 154 bytes). */
#define EXTERNAL_MAX_VERSION 10

static void usage(FILE *out)
{
	fprintf(out,
		"usage: kiosk tickets issue --out DIR [--force] [--venue TEXT] [--cards [--logo FILE]]\n"
		"\n"
		"Write one QR code PNG per attendee into DIR (0001-name.png ...), with --cards\n"
		"a ticket card per attendee to send to a phone (DIR/cards/0001-name.png: the\n"
		"event, its date and time in Bengali, the venue, the guest's name, a big QR,\n"
		"the logo; about 0.15 s each), a printable A4 sheet DIR/index.html with\n"
		"WhatsApp and SMS links per guest,\n"
		"DIR/codes.csv (name, phone, code, file) and DIR/messages.csv (name, phone,\n"
		"code, message, whatsapp, sms: a Bengali message and https://wa.me/ and sms:\n"
		"links, so each ticket goes out from a phone in two taps).\n"
		"Needs the event's secret key (DATA/event.key): run it on the organizer's\n"
		"machine, not on a door kiosk.\n"
		"\n"
		"  --out DIR   where to write (created if missing)\n"
		"  --force     replace the tickets already in DIR: afterwards it holds\n"
		"              exactly the current ones (earlier ticket PNGs and cards of\n"
		"              guests no longer issued are removed; other files are kept)\n"
		"  --venue T   where the meetup is, on the cards and in the messages\n"
		"  --cards     also draw the ticket cards (DIR/cards/, private like the rest)\n"
		"  --logo F    the seller's logo (PNG or JPEG) on every card (implies --cards)\n"
		"  --no-cards  no cards (the default)\n");
}

/* What every ticket of the event shares. */
struct event_info {
	uint8_t id[TICKET_EVENT_ID_LEN];
	char hex[2 * TICKET_EVENT_ID_LEN + 1];  /* as the store writes it */
	char name[META_MAX];
	int has_window;
	int64_t from_s, until_s;
};

/* Read an integer meta value. Returns 1 found, 0 absent, -1 error/malformed. */
static int meta_int(struct store *st, const char *key, int64_t *v, char err[KERR_LEN])
{
	char buf[META_MAX], *end;
	int rc = store_meta_get(st, key, buf, sizeof buf);

	if (rc < 0)
		return kerr(err, "cannot read '%s' from the store", key);
	if (rc == 0 || !buf[0] || strcmp(buf, "0") == 0)
		return 0; /* 0 is how the store says "no window" (see checkin.c) */
	errno = 0;
	*v = strtoll(buf, &end, 10);
	if (errno || *end)
		return kerr(err, "store setting '%s' is not a number: '%s'", key, buf);
	return 1;
}

static int event_load(struct store *st, struct event_info *ev, char err[KERR_LEN])
{
	char hex[META_MAX];
	size_t n = 0;
	const char *end = NULL;
	int64_t starts = 0, ends = 0;
	int rc, has_s, has_e;

	rc = store_meta_get(st, "event_id", hex, sizeof hex);
	if (rc < 0)
		return kerr(err, "cannot read the event id from the store");
	if (rc == 0)
		return kerr(err, "the store has no event (run 'kiosk init --event NAME')");
	if (strlen(hex) != 2 * TICKET_EVENT_ID_LEN ||
	    sodium_hex2bin(ev->id, sizeof ev->id, hex, strlen(hex), NULL, &n, &end) != 0 ||
	    n != TICKET_EVENT_ID_LEN || *end)
		return kerr(err, "the store's event id '%s' is not %d hex digits", hex,
			    2 * TICKET_EVENT_ID_LEN);
	memcpy(ev->hex, hex, sizeof ev->hex); /* length checked above */
	rc = store_meta_get(st, "event_name", ev->name, sizeof ev->name);
	if (rc < 0)
		return kerr(err, "cannot read the event name from the store");
	if (rc == 0)
		ev->name[0] = '\0';
	has_s = meta_int(st, "starts_ms", &starts, err);
	if (has_s < 0)
		return -1;
	has_e = meta_int(st, "ends_ms", &ends, err);
	if (has_e < 0)
		return -1;
	/* A ticket carries a window only when the event has both ends; the door
	 * applies the event's own window anyway. Whole seconds, widened so the
	 * ticket never refuses a moment the event allows. */
	ev->has_window = has_s && has_e;
	if (ev->has_window) {
		if (ends <= starts)
			return kerr(err, "the event ends before it starts (starts_ms %" PRId64
				    ", ends_ms %" PRId64 ")", starts, ends);
		ev->from_s = starts >= 0 ? starts / 1000 : -((-starts + 999) / 1000);
		ev->until_s = ends >= 0 ? (ends + 999) / 1000 : -(-ends / 1000);
	}
	return 0;
}

/* 1 if path exists, 0 if not, -1 on another error (err says). */
static int exists(const char *path, char err[KERR_LEN])
{
	struct stat sb;
	int e;

	if (stat(path, &sb) == 0)
		return 1;
	e = errno;
	if (e == ENOENT)
		return 0;
	return kerr(err, "cannot look at '%s': %s", path, strerror(e));
}

/* Create dir (one level) unless it is there; refuse to overwrite an earlier
 * issue unless force. Returns 0, or -1 with err. */
static int prepare_out(const char *dir, int force, char err[KERR_LEN])
{
	char path[ATOMICFILE_PATH_MAX];
	const char *mine[] = {SHEET_CSV, SHEET_HTML};
	size_t i;
	int rc;

	/* Each PNG admits a guest: a private folder, and what a killed run
	 * left half-written is cleaned first. */
	if (dfile_private_dir(dir, err) != 0)
		return -1;
	(void)atomicfile_clean_dir(dir);
	if (force)
		return 0;
	for (i = 0; i < sizeof mine / sizeof mine[0]; i++) {
		rc = snprintf(path, sizeof path, "%s/%s", dir, mine[i]);
		if (rc < 0 || (size_t)rc >= sizeof path)
			return kerr(err, "folder name too long: '%.64s...'", dir);
		rc = exists(path, err);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return kerr(err, "'%s' already holds tickets (%s); pass --force to replace them",
				    dir, mine[i]);
	}
	return 0;
}

/* ---- PNGs waiting for their rename ------------------------------------------ */

/* Written and closed, not yet synced or renamed (see atomicfile.h: one
 * syncfs for the whole batch instead of a thousand fsyncs). */
struct pending {
	char *tmp;    /* owned */
	char *path;   /* owned */
};

struct pending_list {
	struct pending *v;  /* owned */
	size_t n, cap;
};

/* Take over af's temp file. Returns 0, or -1 (out of memory) with the temp
 * file removed. */
static int pending_add(struct pending_list *l, const struct atomicfile *af, char err[KERR_LEN])
{
	struct pending p;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct pending *v = realloc(l->v, cap * sizeof *v);

		if (!v) {
			(void)unlink(af->tmp); /* best effort; out of memory is the news */
			return kerr(err, "out of memory");
		}
		l->v = v;
		l->cap = cap;
	}
	p.tmp = strdup(af->tmp);
	p.path = strdup(af->path);
	if (!p.tmp || !p.path) {
		free(p.tmp);
		free(p.path);
		(void)unlink(af->tmp); /* best effort; out of memory is the news */
		return kerr(err, "out of memory");
	}
	l->v[l->n++] = p;
	return 0;
}

/* Rename every pending file into place. Returns 0, or -1 with err (the
 * ones not renamed are left for pending_release to remove). */
static int pending_rename(struct pending_list *l, char err[KERR_LEN])
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (atomicfile_rename_pending(l->v[i].tmp, l->v[i].path, err) != 0) {
			free(l->v[i].tmp);
			l->v[i].tmp = NULL; /* rename_pending removed it */
			return -1;
		}
		free(l->v[i].tmp);
		l->v[i].tmp = NULL;
	}
	return 0;
}

/* Remove temp files still pending (after a failure) and free the list. */
static void pending_release(struct pending_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].tmp)
			(void)unlink(l->v[i].tmp); /* best effort: a stray temp is harmless */
		free(l->v[i].tmp);
		free(l->v[i].path);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* ---- the command ---------------------------------------------------------- */

/* One issue run: what each attendee's ticket needs, and the files so far. */
struct issue {
	struct cli *c;
	const char *out;
	const struct event_info *ev;
	const uint8_t *sk;
	struct sheet *sh;
	struct pending_list *pend;
	struct progress *prog;
	int64_t issued, skipped, max_serial, extra;
	const char *venue;
	char when[128];              /* the event's start in Bengali, or "" */
	struct cardpng *cards;       /* NULL: no cards */
	int card_errors;
};

/* The ticket of one attendee: its QR PNG (pending its rename) and its card on
 * the sheet. Returns 0, or 1 after telling the error through c. */
static int issue_one(void *ctx, const struct attendees_issuable *a)
{
	struct issue *is = ctx;
	struct cli *c = is->c;
	const struct event_info *ev = is->ev;
	char err[KERR_LEN], file[SHEET_FILE_MAX], path[ATOMICFILE_PATH_MAX];
	char code[TICKET_CODE_MAX];
	const char *text;
	struct sheet_card card;
	struct atomicfile af;
	long number;
	int max_version, n;

	if (a->code[0]) {
		/* A code from another system is what the door will match
		 * in the roster: print it as it is. */
		text = a->code;
		max_version = EXTERNAL_MAX_VERSION;
	} else if (a->has_serial) {
		struct ticket t;

		if (a->serial < 1 || a->serial > UINT32_MAX || a->type_id < 0 || a->type_id > 255) {
			cli_error(c, "attendee '%s' has serial %" PRId64 " and type %" PRId64
				  ", which a ticket cannot hold", a->id, a->serial, a->type_id);
			return 1;
		}
		memset(&t, 0, sizeof t);
		memcpy(t.event_id, ev->id, sizeof t.event_id);
		t.serial = (uint32_t)a->serial;
		t.type = (uint8_t)a->type_id;
		t.has_window = ev->has_window;
		t.valid_from = ev->from_s;
		t.valid_until = ev->until_s;
		if (ticket_encode(&t, is->sk, code, err) != 0) {
			cli_error(c, "cannot make the ticket of '%s': %s", a->id, err);
			return 1;
		}
		text = code;
		max_version = QRPNG_TICKET_MAX_VERSION;
	} else {
		is->skipped++; /* neither serial nor code: nothing to put in a QR */
		return 0;
	}
	/* Serials number the cards and files; rows without one (external
	 * code only) follow after the highest serial, so names never collide. */
	number = a->has_serial ? (long)a->serial : (long)(is->max_serial + ++is->extra);
	if (sheet_file_name(number, a->name, file, sizeof file) < 0) {
		cli_error(c, "cannot name the ticket file of '%s'", a->id);
		return 1;
	}
	n = snprintf(path, sizeof path, "%s/%s", is->out, file);
	if (n < 0 || (size_t)n >= sizeof path) {
		cli_error(c, "folder name too long: '%.64s...'", is->out);
		return 1;
	}
	if (atomicfile_open(&af, path, 0600, err) != 0) {
		cli_error(c, "%s", err);
		return 1;
	}
	if (qrpng_write_fp(af.fp, path, text, max_version, NULL, err) != 0) {
		atomicfile_abort(&af);
		cli_error(c, "ticket of '%s': %s", a->id, err);
		return 1;
	}
	if (atomicfile_close_pending(&af, err) != 0 || pending_add(is->pend, &af, err) != 0) {
		cli_error(c, "%s", err);
		return 1;
	}
	card.number = number;
	card.name = a->name;
	card.phone = a->phone;
	card.type = a->type;
	card.code = text;
	card.file = file;
	{
		static char msg[TICKETMSG_MAX], wa[TICKETMSG_LINK_MAX], sms[TICKETMSG_LINK_MAX];
		static char cardfile[SHEET_FILE_MAX + 8];

		if (ticketmsg_text(a->name, ev->name, is->when, is->venue, text, msg, sizeof msg) < 0)
			msg[0] = '\0'; /* a name too long for a message: the code still goes out */
		if (!a->phone[0] || ticketmsg_whatsapp(a->phone, msg, wa, sizeof wa) < 0 ||
		    ticketmsg_sms(a->phone, msg, sms, sizeof sms) < 0)
			wa[0] = sms[0] = '\0';
		(void)snprintf(cardfile, sizeof cardfile, "cards/%s", file);
		card.message = msg;
		card.whatsapp = wa;
		card.sms = sms;
		card.card = is->cards ? cardfile : "";
	}
	if (sheet_add(is->sh, &card, err) != 0) {
		cli_error(c, "%s", err);
		return 1;
	}
	progress_step(is->prog, ++is->issued);
	return 0;
}

/* The card of one attendee, from its QR PNG (already in place). Returns 0,
 * or 1 after telling the error through c. */
static int card_one(void *ctx, const struct attendees_issuable *a)
{
	struct issue *is = ctx;
	char err[KERR_LEN], file[SHEET_FILE_MAX], qr[ATOMICFILE_PATH_MAX], path[ATOMICFILE_PATH_MAX];
	struct card_info ci;
	long number;
	int n;

	if (!a->code[0] && !a->has_serial)
		return 0;
	number = a->has_serial ? (long)a->serial : (long)(is->max_serial + ++is->extra);
	if (sheet_file_name(number, a->name, file, sizeof file) < 0)
		return 0; /* issue_one said so already */
	n = snprintf(qr, sizeof qr, "%s/%s", is->out, file);
	if (n < 0 || (size_t)n >= sizeof qr ||
	    (n = snprintf(path, sizeof path, "%s/cards/%s", is->out, file)) < 0 ||
	    (size_t)n >= sizeof path) {
		cli_error(is->c, "folder name too long: '%.64s...'", is->out);
		is->card_errors++;
		return 1;
	}
	ci.event = is->ev->name;
	ci.when = is->when;
	ci.venue = is->venue;
	ci.name = a->name;
	ci.type = strcmp(a->type, "general") == 0 ? "" : a->type;
	ci.has_logo = 0;
	if (cardpng_write(is->cards, &ci, qr, path, err) != 0) {
		cli_error(is->c, "card of '%s': %s", a->id, err);
		is->card_errors++;
		return 1;
	}
	progress_step(is->prog, ++is->issued);
	return 0;
}

int cmd_tickets_issue(struct cli *c, int argc, char **argv)
{
	const char *out = NULL;
	int force = 0, i, rc, ret = EXIT_ERROR, have_key = 0;
	char err[KERR_LEN], *old = NULL; /* an earlier issue's ticket files (sheet_listed_files) */
	size_t old_len = 0;
	uint8_t sk[TICKET_SK_LEN];
	struct store *st = NULL;
	struct event_info ev;
	struct sheet sh;
	struct pending_list pend = {NULL, 0, 0};
	int sheet_is_open = 0;
	struct progress prog = {NULL, 0, 0, 0}; /* disabled until started */
	struct issue is = {c, NULL, &ev, sk, &sh, &pend, &prog, 0, 0, 0, 0, "", "", NULL, 0};
	const char *logo = NULL;
	int no_cards = 1;
	int64_t total = 0;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else if (strncmp(argv[i], "--out=", 6) == 0) {
			out = argv[i] + 6;
		} else if (strcmp(argv[i], "--force") == 0) {
			force = 1;
		} else if (strcmp(argv[i], "--venue") == 0 && i + 1 < argc) {
			is.venue = argv[++i];
		} else if (strcmp(argv[i], "--logo") == 0 && i + 1 < argc) {
			logo = argv[++i];
			no_cards = 0; /* a logo is only for the cards */
		} else if (strcmp(argv[i], "--cards") == 0) {
			no_cards = 0;
		} else if (strcmp(argv[i], "--no-cards") == 0) {
			no_cards = 1;
		} else if (strcmp(argv[i], "--out") == 0) {
			cli_error(c, "--out needs a folder (see 'kiosk tickets issue --help')");
			return EXIT_USAGE;
		} else {
			cli_error(c, "tickets issue: unknown argument '%s' (see 'kiosk tickets issue --help')",
				  argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!out || !*out) {
		cli_error(c, "tickets issue needs --out DIR (see 'kiosk tickets issue --help')");
		return EXIT_USAGE;
	}

	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	/* Names on the cards, and the event key sealed by the data key. */
	if (cli_unlock(c, st) != 0) {
		store_close(st);
		return EXIT_ERROR;
	}
	rc = keys_load_secret(st, c->data_dir, sk, err);
	if (rc < 0) {
		cli_error(c, "%s", err);
		goto done;
	}
	if (rc == 0) {
		cli_error(c, "this device has no event secret key (%s/%s): issue tickets on the "
			     "organizer's machine", c->data_dir, KEYS_SECRET_FILE);
		goto done;
	}
	have_key = 1;
	if (event_load(st, &ev, err) != 0) {
		cli_error(c, "%s", err);
		goto done;
	}
	/* With --force, the earlier issue's tickets: those the new sheet no
	 * longer names (a guest cancelled or renamed) go once it is in place. */
	if (prepare_out(out, force, err) != 0 || sheet_listed_files(out, &old, &old_len, err) != 0) {
		cli_error(c, "%s", err);
		goto done;
	}

	if (attendees_issuable_count(st, ev.hex, &total, &is.max_serial, err) != 0) {
		cli_error(c, "cannot read the attendees: %s", err);
		goto done;
	}
	is.out = out;
	{
		char num[32];
		int64_t starts = 0;
		int tz = TZ_DHAKA_MIN;

		if (store_meta_get(st, "tz_offset_min", num, sizeof num) > 0)
			tz = atoi(num);
		if (meta_int(st, "starts_ms", &starts, err) > 0 &&
		    ticketmsg_when(starts, tz, "bn", is.when, sizeof is.when) < 0)
			is.when[0] = '\0';
	}
	if (!no_cards) {
		char fonts[4096], cdir[ATOMICFILE_PATH_MAX];

		if (!run_sdl_find_dir("KIOSK_FONTS", "fonts", "NotoSansBengali-Regular.ttf", fonts,
				      sizeof fonts)) {
			cli_error(c, "tickets issue: cannot find the fonts for the cards; set KIOSK_FONTS=DIR"
				  " or pass --no-cards");
			goto done;
		}
		rc = snprintf(cdir, sizeof cdir, "%s/cards", out);
		if (rc < 0 || (size_t)rc >= sizeof cdir || (mkdir(cdir, 0700) != 0 && errno != EEXIST)) {
			cli_error(c, "cannot create '%s/cards': %s", out, strerror(errno));
			goto done;
		}
		if (cardpng_open(&is.cards, fonts, logo, err) != 0) {
			cli_error(c, "tickets issue: %s", err);
			goto done;
		}
	}

	if (sheet_open(&sh, out, ev.name, err) != 0) {
		cli_error(c, "%s", err);
		goto done;
	}
	sheet_is_open = 1;
	progress_start(&prog, "tickets", total);
	rc = attendees_issuable_each(st, ev.hex, issue_one, &is, err);
	if (rc > 0)
		goto done;
	if (rc < 0) {
		cli_error(c, "cannot read the attendees: %s", err);
		goto done;
	}
	progress_end(&prog);
	prog.enabled = 0;
	/* All PNGs durable in one go, then in place, then the sheet that
	 * names them (its commit fsyncs the folder, making the renames last). */
	if (atomicfile_sync_fs(out, err) != 0 || pending_rename(&pend, err) != 0) {
		cli_error(c, "%s", err);
		goto done;
	}
	sheet_is_open = 0;
	if (sheet_commit(&sh, err) != 0) {
		cli_error(c, "%s", err);
		goto done;
	}
	/* The cards need the QR PNGs in place: a second walk over the guests. */
	if (is.cards) {
		progress_start(&prog, "cards", total);
		is.issued = is.extra = 0;
		rc = attendees_issuable_each(st, ev.hex, card_one, &is, err);
		progress_end(&prog);
		prog.enabled = 0;
		if (rc != 0 || is.card_errors) {
			if (rc < 0)
				cli_error(c, "cannot read the attendees: %s", err);
			goto done;
		}
		if (atomicfile_sync_fs(out, err) != 0) {
			cli_error(c, "%s", err);
			goto done;
		}
	}
	if (sheet_prune(out, old, old_len, err) != 0) {
		cli_error(c, "%s", err);
		goto done;
	}
	printf("issued %" PRId64 " tickets in %s: %s to print, %s to send%s\n", is.issued, out,
	       SHEET_HTML, SHEET_MESSAGES, is.cards ? ", cards/ for phones" : "");
	if (is.skipped > 0)
		printf("skipped %" PRId64 " attendees with neither a serial nor a code\n", is.skipped);
	if (fflush(stdout) != 0) {
		cli_error(c, "cannot write to standard output: %s", strerror(errno));
		goto done;
	}
	ret = EXIT_OK;
done:
	progress_end(&prog); /* clears the progress line before an error line */
	if (sheet_is_open && ret != EXIT_OK)
		sheet_abort(&sh);
	pending_release(&pend);
	cardpng_close(is.cards);
	if (have_key)
		sodium_memzero(sk, sizeof sk);
	store_close(st);
	free(old);
	return ret;
}
