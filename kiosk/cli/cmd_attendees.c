/* cmd_attendees.c - `kiosk attendees import|list|cancel`:
 * the roster, journaled as attendee_added / attendee_updated (a corrected
 * row) / attendee_cancelled entries.
 * Front end over csv, roster, store. */
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/utf8.h"
#include "commands.h"
#include "core/csv.h"
#include "io/dfile.h"
#include "core/jsonw.h"
#include "core/roster.h"
#include "core/textenc.h"
#include "store/attendees.h"
#include "store/doorq.h"
#include "store/store.h"

#define MAX_TYPES 64
#define SHOW_BAD_ROWS 20

static const char import_usage[] =
	"usage: kiosk attendees import FILE [--skip-invalid] [--map FIELD=COLUMN,...] [--preview]\n"
	"\n"
	"Import the roster from a sign-up sheet as it comes: CSV (RFC 4180) separated by\n"
	"commas, semicolons (a European Excel) or tabs, in UTF-8 with or without a BOM,\n"
	"UTF-16 (a Facebook/Meta lead-form export) or Windows-1252 (Excel's \"CSV\").\n"
	"It needs a name column and a phone or code column; email and ticket type are\n"
	"used when present. Headers are matched case-insensitively in English and\n"
	"Bengali: Google Forms (Timestamp, Name, Phone number, ...), Meta lead forms\n"
	"(full_name, phone_number as p:+8801..., email, created_time), Messenger order\n"
	"sheets (Customer name, Contact, ক্রেতার মোবাইল, ...). Phones are normalised to\n"
	"+8801XXXXXXXXX. A code column holds codes from another ticketing system, then\n"
	"accepted at the door. Rows already imported are skipped, so importing the\n"
	"same file twice changes nothing. One phone is one guest: a row whose phone\n"
	"(or, without a phone, whose code) is already on the roster corrects that guest's\n"
	"name, email, type or code and keeps their serial, ticket, check-ins and\n"
	"cancellation (an empty email or code, or no type column, keeps theirs). Two\n"
	"rows of one file with one phone but another name or code, a code on two\n"
	"guests' rows, or a code another guest already holds are bad rows.\n"
	"\n"
	"  --map name=COLUMN,phone=COLUMN   say which column holds what (a header as\n"
	"                 written or a 1-based number; also email=, type=, code=)\n"
	"  --preview      show how the file is read and its first rows as they will be\n"
	"                 imported, with every problem; import nothing (exit 0 when all\n"
	"                 rows are good, 3 when some are not)\n"
	"  --skip-invalid import the good rows and list the bad ones\n"
	"\n"
	"A bad row is reported with its line number and nothing is imported, unless\n"
	"--skip-invalid. Exit 0 imported, 3 bad input or error (nothing imported).\n";

struct types {
	int n;
	char name[MAX_TYPES][64];
	int id[MAX_TYPES];
};

static int type_add(void *ctx, const char *type, int type_id)
{
	struct types *t = ctx;

	if (t->n >= MAX_TYPES)
		return 1;
	(void)snprintf(t->name[t->n], sizeof t->name[0], "%s", type);
	t->id[t->n++] = type_id;
	return 0;
}

/* Ticket type ids are fixed once used (they are inside signed codes), so read
 * the ones this event has and number new names after them. */
static int types_load(struct store *st, const char *event_id, struct types *t, char err[KERR_LEN])
{
	t->n = 1;
	(void)snprintf(t->name[0], sizeof t->name[0], "general");
	t->id[0] = 0;
	return attendees_types(st, event_id, type_add, t, err);
}

static int types_id(struct types *t, const char *name)
{
	int i, next = 0;

	for (i = 0; i < t->n; i++) {
		if (strcmp(t->name[i], name) == 0)
			return t->id[i];
		if (t->id[i] >= next)
			next = t->id[i] + 1;
	}
	if (t->n >= MAX_TYPES || next > 255)
		return -1;
	(void)snprintf(t->name[t->n], sizeof t->name[0], "%.63s", name); /* sizeof name[0] - 1 */
	t->id[t->n++] = next;
	return next;
}

/* ---- one guest per phone, one guest per code, within one file ------------- */

/* A good row of the file, as pass 0 saw it; name and code point into that
 * pass's text. */
struct seen_row {
	const char *name, *code;
	long line;
	char phone[PHONE_LEN];
};

/* The file's good rows by phone and by code: open addressing over row
 * indexes + 1 (0: empty), slots a power of two kept above twice the rows, so
 * memory grows with the file (about 56 bytes a row). Caller's struct, zeroed
 * to start; seen_release frees it. */
struct seen {
	struct seen_row *row;
	size_t n, cap, slots;
	uint32_t *by_phone, *by_code;
};

static uint64_t seen_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The slot of key in table t (by phone when is_phone, else by code): the row
 * holding it, or the empty slot where it goes. */
static uint32_t *seen_slot(struct seen *sn, uint32_t *t, int is_phone, const char *key)
{
	size_t i = (size_t)seen_hash(key) & (sn->slots - 1);

	for (;; i = (i + 1) & (sn->slots - 1)) {
		const struct seen_row *r = t[i] ? &sn->row[t[i] - 1] : NULL;

		if (!r || strcmp(is_phone ? r->phone : r->code, key) == 0)
			return &t[i];
	}
}

static void seen_put(struct seen *sn, uint32_t ix)
{
	const struct seen_row *r = &sn->row[ix - 1];

	if (r->phone[0])
		*seen_slot(sn, sn->by_phone, 1, r->phone) = ix;
	if (r->code[0])
		*seen_slot(sn, sn->by_code, 0, r->code) = ix;
}

/* Room for one more row. 0, or -1 when out of memory (or past 2^31 rows). */
static int seen_grow(struct seen *sn)
{
	if (sn->n == sn->cap) {
		size_t cap = sn->cap ? 2 * sn->cap : 1024;
		struct seen_row *v = cap < ((size_t)1 << 31) ? realloc(sn->row, cap * sizeof *v) : NULL;

		if (!v)
			return -1;
		sn->row = v;
		sn->cap = cap;
	}
	if (2 * (sn->n + 1) >= sn->slots) {
		size_t slots = sn->slots ? 2 * sn->slots : 4096;
		uint32_t *p = calloc(slots, sizeof *p), *c = calloc(slots, sizeof *c);

		if (!p || !c) {
			free(p);
			free(c);
			return -1;
		}
		free(sn->by_phone);
		free(sn->by_code);
		sn->by_phone = p;
		sn->by_code = c;
		sn->slots = slots;
		for (size_t i = 0; i < sn->n; i++)
			seen_put(sn, (uint32_t)(i + 1));
	}
	return 0;
}

static void seen_release(struct seen *sn)
{
	free(sn->row);
	free(sn->by_phone);
	free(sn->by_code);
	memset(sn, 0, sizeof *sn);
}

/* Whether row may join the file's rows: one phone is one guest (two rows
 * with one phone are one guest written twice, or a mistake), and one code
 * admits one guest. Returns 1 (kept), 0 for a row that repeats an earlier one
 * exactly (the import finds it already there), -1 with err naming both lines. */
static int seen_add(struct seen *sn, const struct roster_row *row, char err[KERR_LEN])
{
	const struct seen_row *r;
	uint32_t *slot;

	if (sn->slots == 0 && seen_grow(sn) != 0)
		return kerr(err, "out of memory");
	if (row->has_phone && *(slot = seen_slot(sn, sn->by_phone, 1, row->phone))) {
		r = &sn->row[*slot - 1];
		if (strcmp(r->name, row->name) == 0 && strcmp(r->code, row->code) == 0)
			return 0;
		return kerr(err, "line %ld: phone %s is also on line %ld, with another name or code"
			    " (one guest per phone)", row->line, row->phone, r->line);
	}
	if (row->code[0] && *(slot = seen_slot(sn, sn->by_code, 0, row->code))) {
		r = &sn->row[*slot - 1];
		if (!row->has_phone && !r->phone[0] && strcmp(r->name, row->name) == 0)
			return 0;
		return kerr(err, "line %ld: code '%.60s' is also on line %ld, for another guest",
			    row->line, row->code, r->line);
	}
	if (seen_grow(sn) != 0)
		return kerr(err, "out of memory");
	sn->row[sn->n].name = row->name;
	sn->row[sn->n].code = row->code;
	sn->row[sn->n].line = row->line;
	(void)snprintf(sn->row[sn->n].phone, PHONE_LEN, "%s", row->phone);
	sn->n++;
	seen_put(sn, (uint32_t)sn->n);
	return 1;
}

/* A code the store already gives another guest (one with another phone, or
 * without a phone when the row has one): 1 with err, 0 when free or this
 * row's own guest, -1 on error. */
static int code_is_taken(struct store *st, const char *event_id, const struct roster_row *row,
			 char err[KERR_LEN])
{
	struct attendees_known k;
	int r;

	if (!row->code[0])
		return 0;
	r = attendees_known(st, event_id, NULL, row->code, &k, err);
	if (r <= 0 || strcmp(k.phone, row->phone) == 0)
		return r < 0 ? -1 : 0;
	kerr(err, "line %ld: code '%.60s' is already the ticket of another guest (%s)", row->line,
	     row->code, k.id);
	return 1;
}

#define PREVIEW_ROWS 10

/* --preview: what the import would do, from the text alone. */
static int import_preview(struct cli *c, const char *path, char *text, size_t len,
			  enum textenc enc, char sep, const char *map)
{
	static const char *const seps[] = {"comma", "semicolon", "tab"};
	char err[KERR_LEN];
	struct csv csv;
	struct csv_record rec;
	struct roster_cols cols;
	long good = 0, bad = 0, blank = 0;
	struct seen seen = {0};
	int r;

	csv_init(&csv, text, len);
	csv_set_separator(&csv, sep);
	r = csv_next(&csv, &rec, err);
	printf("file: %s (%s, %s-separated)\n", path, textenc_name(enc),
	       seps[sep == ',' ? 0 : sep == ';' ? 1 : 2]);
	if (r <= 0) {
		cli_error(c, "attendees import: %s: %s", path, r == 0 ? "the file is empty" : err);
		return EXIT_ERROR;
	}
	printf("columns:");
	for (int i = 0; i < rec.n; i++)
		printf(" %d=%s", i + 1, rec.field[i]);
	printf("\n");
	if ((map ? roster_header_map(&rec, map, &cols, err) : roster_header(&rec, &cols, err)) != 0) {
		cli_error(c, "attendees import: %s: %s", path, err);
		return EXIT_ERROR;
	}
	printf("name <- %d, phone <- %d, email <- %d, type <- %d, code <- %d (0: none)\n",
	       cols.name + 1, cols.phone + 1, cols.email + 1, cols.type + 1, cols.code + 1);
	printf("LINE\tNAME\tPHONE\tEMAIL\tTYPE\tCODE\n");
	while ((r = csv_next(&csv, &rec, err)) > 0) {
		struct roster_row row;
		int v = roster_row(&cols, &rec, &row, err);

		if (v > 0 && seen_add(&seen, &row, err) < 0)
			v = -1; /* a phone or code of an earlier row */
		if (v == 0) {
			blank++;
			continue;
		}
		if (v < 0) {
			if (bad++ < SHOW_BAD_ROWS)
				printf("problem: %s\n", err);
			continue;
		}
		if (good++ < PREVIEW_ROWS)
			printf("%ld\t%s\t%s\t%s\t%s\t%s\n", row.line, row.name,
			       row.has_phone ? row.phone : "-", row.email[0] ? row.email : "-",
			       row.type, row.code[0] ? row.code : "-");
	}
	if (r < 0) {
		printf("problem: %s\n", err);
		bad++;
	}
	printf("rows: %ld good, %ld with problems, %ld blank; nothing was imported (--preview)\n",
	       good, bad, blank);
	seen_release(&seen);
	return bad ? EXIT_ERROR : EXIT_OK;
}

enum import_did { IMPORT_ADDED, IMPORT_THERE, IMPORT_UPDATED };

/* Write row into the open transaction: a new attendee (attendee_added, the
 * next serial), nothing when its guest is there as the row says, or, when
 * the row's phone (or, without a phone, its code) is a guest's with another
 * name, email, type or code, that guest corrected (attendee_updated: serial,
 * ticket, check-ins and cancellation kept; a column the file lacks, an empty
 * email or code keep theirs). Returns an import_did, or -1 with err. */
static int import_row(struct store *st, const char *event_id, const struct roster_cols *cols,
		      struct types *types, const struct roster_row *row, int64_t *serial,
		      char err[KERR_LEN])
{
	struct attendees_known k;
	char body[4096], id[ATTENDEES_ID_MAX], why[KERR_LEN];
	const char *email = row->email, *type = row->type, *code = row->code, *phone;
	struct jsonw w;
	int there, tid;

	there = attendees_known(st, event_id, row->has_phone ? row->phone : NULL, row->code, &k, err);
	if (there < 0)
		return -1;
	if (there) {
		if (!email[0])
			email = k.email;
		if (cols->type < 0)
			type = k.type;
		if (!code[0])
			code = k.code;
		if (strcmp(k.name, row->name) == 0 && strcmp(k.email, email) == 0 &&
		    strcmp(k.type, type) == 0 && strcmp(k.code, code) == 0)
			return IMPORT_THERE;
		(void)snprintf(id, sizeof id, "%s", k.id);
		phone = k.phone;
	} else {
		(void)snprintf(id, sizeof id, "%s-%" PRId64, event_id, ++*serial);
		phone = row->phone;
	}
	tid = types_id(types, type);
	if (tid < 0)
		return kerr(err, "line %ld: too many ticket types", row->line);
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "id", id);
	jsonw_str(&w, "event", event_id);
	if (!there)
		jsonw_int(&w, "serial", *serial);
	if (attendees_seal(st, &w, row->name, phone, email, err) != 0) {
		(void)snprintf(why, sizeof why, "%s", err);
		return kerr(err, "line %ld: %s", row->line, why);
	}
	jsonw_str(&w, "type", type);
	jsonw_int(&w, "type_id", tid);
	if (*code)
		jsonw_str(&w, "code", code);
	if (jsonw_end(&w) != 0)
		return kerr(err, "line %ld: the row is too long", row->line);
	if (store_append(st, cli_now_ms(), there ? "attendee_updated" : "attendee_added", body,
			 NULL, err) != 0)
		return -1;
	return there ? IMPORT_UPDATED : IMPORT_ADDED;
}

/* Lines pass 0 found bad, in file order, so that --skip-invalid's pass 1
 * skips the rows only the whole file shows to be bad (a repeated phone or
 * code); and the lines that repeat an earlier row (seen_add's 0). Caller's
 * struct, zeroed to start; free(v) at the end. */
struct bad_lines {
	long *v;
	size_t n, cap, next;
};

static int bad_lines_add(struct bad_lines *b, long line)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 64;
		long *v = realloc(b->v, cap * sizeof *v);

		if (!v)
			return -1;
		b->v = v;
		b->cap = cap;
	}
	b->v[b->n++] = line;
	return 0;
}

/* 1 if line (asked in increasing order) is one of the bad ones. */
static int bad_lines_has(struct bad_lines *b, long line)
{
	while (b->next < b->n && b->v[b->next] < line)
		b->next++;
	return b->next < b->n && b->v[b->next] == line;
}

int cmd_attendees_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"skip-invalid", no_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'},
		{"map", required_argument, NULL, 'm'},    {"preview", no_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	char err[KERR_LEN], event_id[32];
	char *buf = NULL, *raw = NULL, sep;
	const char *map = NULL;
	enum textenc enc;
	size_t len;
	int opt, skip_invalid = 0, preview = 0, rc = EXIT_ERROR, r, pass;
	long bad = 0, added = 0, dup = 0, updated = 0, rows = 0;
	struct seen seen = {0};
	struct bad_lines badl = {0}, repeats = {0};
	struct store *st = NULL;
	struct roster_cols cols;
	struct types types;
	struct progress prog;
	int64_t serial = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 's': skip_invalid = 1; break;
		case 'm': map = optarg; break;
		case 'p': preview = 1; break;
		case 'h': fputs(import_usage, stdout); return EXIT_OK;
		default: fputs(import_usage, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error(c, "attendees import: give one CSV file (see --help)");
		return EXIT_USAGE;
	}
	if (dfile_read_all(argv[optind], &raw, &len, err) != 0) {
		cli_error(c, "attendees import: %s", err);
		return EXIT_ERROR;
	}
	/* Whatever saved the sheet, the reader sees UTF-8 split at its separator. */
	r = textenc_to_utf8(raw, len, &buf, &len, &enc, err);
	free(raw);
	if (r != 0) {
		cli_error(c, "attendees import: %s: %s", argv[optind], err);
		return EXIT_ERROR;
	}
	sep = csv_guess_separator(buf, len);
	if (preview) {
		rc = import_preview(c, argv[optind], buf, len, enc, sep, map);
		free(buf);
		return rc;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		goto out;
	if (store_meta_get(st, "event_id", event_id, sizeof event_id) <= 0) {
		cli_error(c, "attendees import: no event in '%s' (kiosk init --event NAME)", c->data_dir);
		goto out;
	}
	/* Two passes over the same text: first validate every row (so a bad file
	 * imports nothing), then write. The CSV reader unquotes in place, so the
	 * second pass reads a fresh copy. */
	for (pass = 0; pass < 2; pass++) {
		struct csv csv;
		struct csv_record rec;
		char *text = malloc(len + 2);

		if (!text) {
			cli_error(c, "attendees import: out of memory");
			goto out;
		}
		memcpy(text, buf, len + 1);
		csv_init(&csv, text, len);
		csv_set_separator(&csv, sep);
		r = csv_next(&csv, &rec, err);
		if (r <= 0 || (map ? roster_header_map(&rec, map, &cols, err)
				   : roster_header(&rec, &cols, err)) != 0) {
			cli_error(c, "attendees import: %s: %s", argv[optind],
				  r == 0 ? "the file is empty" : err);
			free(text);
			goto out;
		}
		if (pass == 1) {
			/* The ticket types and the last serial are read inside the
			 * write transaction: another import running at the same time
			 * would otherwise hand the same serials (and type ids) to
			 * other guests, and one guest of each pair would be lost. */
			if (store_begin(st, err) != 0 || store_bulk_begin(st, err) != 0 ||
			    types_load(st, event_id, &types, err) != 0 ||
			    (serial = attendees_max_serial(st, event_id)) < 0) {
				store_rollback(st); /* none open is fine */
				cli_error(c, "attendees import: %s", err);
				free(text);
				goto out;
			}
			progress_start(&prog, "importing", rows);
		}
		rows = 0;
		while ((r = csv_next(&csv, &rec, err)) > 0) {
			struct roster_row row;
			int valid, taken = 0;

			rows++;
			valid = roster_row(&cols, &rec, &row, err);
			if (valid == 0)
				continue; /* a blank row */
			if (pass == 0 && valid > 0) {
				/* One guest per phone and per code, in the file and
				 * against the roster: a second guest on one code could
				 * never get in. */
				valid = seen_add(&seen, &row, err);
				if (valid == 0 && bad_lines_add(&repeats, rec.line) != 0) {
					cli_error(c, "attendees import: out of memory");
					free(text);
					goto out;
				}
				valid = valid >= 0 ? 1 : -1;
				if (valid > 0 && (taken = code_is_taken(st, event_id, &row, err)) < 0) {
					cli_error(c, "attendees import: %s", err);
					free(text);
					goto out;
				}
				if (taken)
					valid = -1;
			}
			if (valid < 0) {
				if (pass == 0) {
					if (bad < SHOW_BAD_ROWS)
						fprintf(stderr, "%s: %s\n", argv[optind], err);
					bad++;
					if (bad_lines_add(&badl, rec.line) != 0) {
						cli_error(c, "attendees import: out of memory");
						free(text);
						goto out;
					}
				}
				continue;
			}
			if (pass == 0 || bad_lines_has(&badl, rec.line))
				continue;
			/* pass 0 asked outside the transaction: a code another
			 * import gave to another guest since then stops this one */
			if ((taken = code_is_taken(st, event_id, &row, err)) != 0) {
				if (taken < 0 || !skip_invalid)
					goto write_fail;
				fprintf(stderr, "%s: %s\n", argv[optind], err);
				bad++;
				continue;
			}
			/* The guests are written in bulk (store_bulk_begin): a row
			 * that repeats an earlier one finds that one in the roster
			 * only once what is put off is written. */
			if (bad_lines_has(&repeats, rec.line) && store_bulk_flush(st, err) != 0)
				goto write_fail;
			progress_step(&prog, rows);
			switch (import_row(st, event_id, &cols, &types, &row, &serial, err)) {
			case IMPORT_ADDED: added++; break;
			case IMPORT_THERE: dup++; break;
			case IMPORT_UPDATED: updated++; break;
			default: goto write_fail;
			}
		}
		seen_release(&seen); /* it points into this pass's text */
		free(text);
		text = NULL;
		if (r < 0) {
			if (pass == 1)
				store_rollback(st);
			cli_error(c, "attendees import: %s: %s (nothing imported)", argv[optind], err);
			goto out;
		}
		if (pass == 0 && bad > 0 && !skip_invalid) {
			if (bad > SHOW_BAD_ROWS)
				fprintf(stderr, "%s: ... and %ld more bad rows\n", argv[optind],
					bad - SHOW_BAD_ROWS);
			cli_error(c, "attendees import: %ld bad row(s); nothing imported (fix them, or"
				     " pass --skip-invalid to import the good rows)", bad);
			goto out;
		}
		continue;
write_fail:
		free(text);
		store_rollback(st);
		progress_end(&prog);
		cli_error(c, "attendees import: %s (nothing imported)", err);
		goto out;
	}
	/* The guests' rows are written at the commit, all at once: at a
	 * million of them a long wait after the count's end, said so. */
	progress_note(&prog, "saving...");
	if (store_commit(st, err) != 0) {
		progress_end(&prog);
		cli_error(c, "attendees import: %s (nothing imported)", err);
		goto out;
	}
	progress_end(&prog);
	printf("imported %ld attendee(s); %ld already there", added, dup);
	if (updated)
		printf("; %ld updated", updated);
	if (bad)
		printf("; %ld bad row(s) skipped", bad);
	printf("\n");
	rc = EXIT_OK;
out:
	store_close(st);
	seen_release(&seen);
	free(badl.v);
	free(repeats.v);
	free(buf);
	return rc;
}

int cmd_attendees_cancel(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN], id[ATTENDEES_ID_MAX], body[256];
	struct store *st;
	struct jsonw w;

	if (cli_wants_help(argc, argv)) {
		puts("usage: kiosk attendees cancel SERIAL|ID|PHONE|CODE\n\n"
		     "Revoke an attendee's ticket: it is then rejected at the door as cancelled.\n"
		     "Journaled as an attendee_cancelled entry.");
		return EXIT_OK;
	}
	if (argc != 2) {
		cli_error(c, "attendees cancel: give one attendee (serial, id, phone or code)");
		return EXIT_USAGE;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (attendees_find(st, argv[1], id, err) != 0) {
		cli_error(c, "attendees cancel: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "id", id);
	if (jsonw_end(&w) != 0 || store_append(st, cli_now_ms(), "attendee_cancelled", body, NULL, err) != 0) {
		cli_error(c, "attendees cancel: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	store_close(st);
	printf("cancelled the ticket of %s\n", id);
	return EXIT_OK;
}

/* One line of the list: five tab-separated columns as they always were, then,
 * only for a walk-in registered again under a phone the event already held,
 * a sixth "same_guest=FIRST" naming the first column of the guest it is
 * counted with (after the five, so scripts that read those keep working; a
 * serial or an id, never a phone). */
static void print_line(void *ctx, const struct attendees_line *l)
{
	const char *col[] = {l->serial, l->name, l->phone, l->type, l->status};

	(void)ctx;
	for (int i = 0; i < 5; i++) {
		cli_put_text(stdout, col[i]); /* a name cannot drive the terminal */
		if (i < 4)
			putchar('\t');
	}
	if (l->same_guest && l->same_guest[0]) {
		fputs("\tsame_guest=", stdout);
		cli_put_text(stdout, l->same_guest);
	}
	putchar('\n');
}

#define LIST_SEARCH_MAX 500

/* attendees list --search: the door's own matcher (store/doorq.h). */
static int list_search(struct cli *c, const char *text)
{
	struct door_person *found = calloc(LIST_SEARCH_MAX, sizeof *found);
	char err[KERR_LEN];
	struct store *st;
	int n, i;

	if (!found) {
		cli_error(c, "attendees list: out of memory");
		return EXIT_ERROR;
	}
	if (strlen(text) >= DOOR_QUERY_MAX) {
		cli_error(c, "attendees list: --search takes at most %d bytes", DOOR_QUERY_MAX - 1);
		free(found);
		return EXIT_USAGE;
	}
	if (cli_open_unlocked(c, &st, 0) != 0) {
		free(found);
		return EXIT_ERROR;
	}
	n = doorq_search(st, text, found, LIST_SEARCH_MAX, err);
	/* Each guest's line is written once it is known whole: an error stops
	 * the list before a line that would lack its mark. */
	for (i = 0; i < n; i++) {
		char guest[ATTENDEES_ID_MAX];
		int same = attendees_same_guest(st, found[i].id, guest, err);
		struct attendees_line l = {found[i].id, found[i].name, found[i].phone, found[i].type,
					   found[i].is_in ? "in" : "expected", same > 0 ? guest : ""};

		if (same < 0) {
			n = -1;
			break;
		}
		print_line(NULL, &l);
	}
	store_close(st);
	if (n < 0) {
		cli_error(c, "attendees list: %s", err);
		free(found);
		return EXIT_ERROR;
	}
	free(found);
	return n > 0 ? EXIT_OK : EXIT_USED;
}

int cmd_attendees_list(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN];
	struct store *st;

	if (cli_wants_help(argc, argv)) {
		puts("usage: kiosk attendees list [--search TEXT]\n\n"
		     "Print the roster of the current event, one attendee per line, tab-separated:\n"
		     "SERIAL NAME PHONE TYPE STATUS (in, cancelled or expected); a walk-in, who has\n"
		     "no serial, shows its ID (w-...) instead, which attendees cancel takes too.\n"
		     "--search TEXT: only the guests the door screen's search finds for TEXT (the\n"
		     "last digits of a phone, part of a name, or a name as it sounds: rashed finds\n"
		     "রাশেদ, কৌশিক finds Kaushik, ক finds ক্ষমা), best first, at most "
		     "500, as\nID NAME PHONE TYPE STATUS (in or expected). Exit 1 when nobody is found.\n"
		     "One phone is one guest: a walk-in registered again under a phone the event\n"
		     "already held (two doors that could not see each other, merged by a sync) is\n"
		     "counted with that guest, and its line has a sixth field same_guest=FIRST,\n"
		     "FIRST being the first column of the guest's own line (its serial, or its ID\n"
		     "with --search or for a walk-in). Other lines have the five fields only.");
		return EXIT_OK;
	}
	if (argc == 3 && strcmp(argv[1], "--search") == 0)
		return list_search(c, argv[2]);
	if (argc == 2 && strncmp(argv[1], "--search=", 9) == 0)
		return list_search(c, argv[1] + 9);
	if (argc != 1) {
		cli_error(c, "attendees list: unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	if (cli_open_unlocked(c, &st, CLI_STORE_READ) != 0)
		return EXIT_ERROR;
	if (attendees_list(st, print_line, NULL, err) != 0) {
		cli_error(c, "attendees list: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	store_close(st);
	return EXIT_OK;
}

/* The --allow list in its canonical spelling (lower case, no spaces around
 * the commas) into out; every type must be one of the event's. 0, or -1 with
 * err naming the unknown type or saying the list is empty. */
int door_allow_canonical(struct store *st, const char *allow, char *out, size_t cap,
			  char err[KERR_LEN])
{
	struct types t;
	char event_id[128], item[64];
	const char *p = allow;
	size_t o = 0;

	out[0] = '\0';
	if (store_meta_get(st, "event_id", event_id, sizeof event_id) <= 0)
		return kerr(err, "no event in this store (kiosk init)");
	if (types_load(st, event_id, &t, err) != 0)
		return -1;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p), i, k = 0;
		int known = 0;

		while (len && (*p == ' ' || *p == '\t'))
			p++, len--;
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len >= sizeof item)
			return kerr(err, "ticket type '%.*s' is too long", (int)utf8_cut(p, 40), p);
		for (i = 0; i < len; i++)
			item[k++] = (p[i] >= 'A' && p[i] <= 'Z') ? (char)(p[i] - 'A' + 'a') : p[i];
		item[k] = '\0';
		if (k) {
			for (i = 0; i < (size_t)t.n && !known; i++)
				known = strcmp(t.name[i], item) == 0;
			if (!known) {
				char list[512] = "";

				for (i = 0; i < (size_t)t.n; i++)
					(void)snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
						       i ? ", " : "", t.name[i]);
				return kerr(err, "no ticket type '%s' in this event (types: %s)", item, list);
			}
			if (o + k + 2 > cap)
				return kerr(err, "too many ticket types");
			o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? "," : "", item);
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	if (o == 0)
		return kerr(err, "--allow names no ticket type: the door would admit nobody");
	return 0;
}
