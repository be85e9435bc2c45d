/* bench_report_fill.c - append journal entries read from stdin in one
 * transaction: the report's bench journal (170,000 entries in about a second)
 * and the e2e fixture's walk-ins, undos and other devices' entries.
 * Every entry goes through store_append or store_merge, so hashes and chains
 * are real and `kiosk verify` passes.
 *
 * usage: bench_report_fill [--seal] DATA_DIR < LINES
 * Each line, fields separated by one TAB:
 *   A  AT  KIND  BODY            append as this device
 *   M  DEVICE  AT  KIND  BODY    merge as DEVICE's next entry (as sync would)
 * AT is Unix ms or an ISO time ("2026-12-05T15:04+06:00"). Prints the
 * number of entries written.
 * --seal: bodies of attendees, orders, feedback, payments and parcels are
 * written as the program writes them since issue 14: their personal fields
 * sealed into "pii" with the phone's "phone_bi" (the store unlocked with the passphrase
 * in KIOSK_PASSPHRASE_FILE). Without it they go in as given (in clear, as
 * before issue 14). */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonw.h"
#include "store/db.h"
#include "store/shop_pii.h"
#include "store/attendees.h"
#include "store/store.h"
#include "store/vault.h"
#include "core/timefmt.h"

#define LINE_MAX_LEN 8192

/* The personal fields of each kind the shop seals (shop.c, payments.c,
 * deliveries.c). */
static const struct {
	const char *kind;
	const char *fields[3];
} sealed_kinds[] = {
	{"order", {"name", "phone", "address"}},
	{"feedback", {"comment", "phone", NULL}},
	{"payment_received", {"phone", NULL, NULL}},
	{"delivery_status", {"phone", NULL, NULL}},
	/* as the roster import and the walk-in screen seal them (issue 14) */
	{"attendee_added", {"name", "phone", "email"}},
};

static int unlock(struct store *st, char err[KERR_LEN])
{
	const char *path = getenv("KIOSK_PASSPHRASE_FILE");
	char pass[1024];
	FILE *f = path ? fopen(path, "r") : NULL;
	int r;

	if (!f || !fgets(pass, sizeof pass, f)) {
		if (f)
			fclose(f);
		snprintf(err, KERR_LEN, "--seal wants the passphrase in KIOSK_PASSPHRASE_FILE");
		return -1;
	}
	fclose(f);
	pass[strcspn(pass, "\r\n")] = '\0';
	r = vault_unlock(st, pass, strlen(pass), err);
	return r == 0 ? 0 : -1;
}

/* body with its personal fields (if kind has any) moved into a sealed "pii"
 * and "phone_bi", into out. 0 or -1. */
static int seal_body(struct store *st, const char *kind, const char *body, char *out,
		     size_t cap, char err[KERR_LEN])
{
	char extra[LINE_MAX_LEN], text[3][1024];
	struct pii_field f[3];
	const char *phone = NULL;
	struct jsonw w;
	sqlite3_stmt *s;
	int n = 0, k = -1;

	for (size_t i = 0; i < sizeof sealed_kinds / sizeof sealed_kinds[0]; i++)
		if (strcmp(kind, sealed_kinds[i].kind) == 0)
			k = (int)i;
	if (k < 0) {
		snprintf(out, cap, "%s", body);
		return 0;
	}
	for (n = 0; n < 3 && sealed_kinds[k].fields[n]; n++) {
		char path[32];

		snprintf(path, sizeof path, "$.%s", sealed_kinds[k].fields[n]);
		text[n][0] = '\0';
		if (sqlite3_prepare_v2(store_db(st), "SELECT json_extract(?1, ?2)", -1, &s, NULL)
		    != SQLITE_OK)
			return -1;
		(void)sqlite3_bind_text(s, 1, body, -1, SQLITE_STATIC);
		(void)sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
			snprintf(text[n], sizeof text[n], "%s", (const char *)sqlite3_column_text(s, 0));
		(void)sqlite3_finalize(s);
		f[n].key = sealed_kinds[k].fields[n];
		f[n].value = text[n];
	}
	for (int i = 0; i < n; i++)
		if (strcmp(f[i].key, "phone") == 0)
			phone = f[i].value;
	/* {"pii":...,"phone_bi":...} written by the program's own sealer. */
	jsonw_init(&w, extra, sizeof extra);
	if (strcmp(kind, "attendee_added") == 0) {
		if (attendees_seal(st, &w, text[0], text[1][0] ? text[1] : NULL,
				   text[2][0] ? text[2] : NULL, err) != 0)
			return -1;
	} else if (shop_pii_put(st, &w, f, n, phone, err) != 0) {
		return -1;
	}
	if (jsonw_end(&w) != 0)
		return -1;
	if (sqlite3_prepare_v2(store_db(st), "SELECT json_patch(json_remove(?1, '$.name', '$.phone',"
			       " '$.address', '$.comment', '$.email'), ?2)", -1, &s, NULL) != SQLITE_OK)
		return -1;
	(void)sqlite3_bind_text(s, 1, body, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, extra, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		(void)sqlite3_finalize(s);
		snprintf(err, KERR_LEN, "cannot seal a %s body", kind);
		return -1;
	}
	snprintf(out, cap, "%s", (const char *)sqlite3_column_text(s, 0));
	(void)sqlite3_finalize(s);
	return 0;
}

static int parse_at(const char *s, int64_t *ms)
{
	char *end;

	if (strchr(s, '-')) /* ISO dates hold dashes; ms never do */
		return time_parse_iso(s, TZ_DHAKA_MIN, ms);
	*ms = strtoll(s, &end, 10);
	return *end == '\0' && end != s ? 0 : -1;
}

/* Next seq and prev hash of dev as held in the store. */
static int head_of(struct store *st, const char *dev, int64_t *seq, uint8_t prev[STORE_HASH_LEN])
{
	sqlite3_stmt *s;
	int rc;

	*seq = 1;
	memset(prev, 0, STORE_HASH_LEN);
	if (sqlite3_prepare_v2(store_db(st), "SELECT seq, hash FROM journal WHERE device_id = ?1"
			       " ORDER BY seq DESC LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_bind_text(s, 1, dev, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s);
		return -1;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0) + 1;
		if (sqlite3_column_bytes(s, 1) == STORE_HASH_LEN)
			memcpy(prev, sqlite3_column_blob(s, 1), STORE_HASH_LEN);
		rc = SQLITE_DONE;
	}
	(void)sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int main(int argc, char **argv)
{
	static char line[LINE_MAX_LEN], sealed[2 * LINE_MAX_LEN];
	char err[KERR_LEN];
	int seal = argc == 3 && strcmp(argv[1], "--seal") == 0;
	struct store *st = NULL;
	long lineno = 0, n = 0;
	int64_t at;

	if (argc != 2 + seal) {
		fprintf(stderr, "usage: bench_report_fill [--seal] DATA_DIR < LINES\n");
		return 3;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "bench_report_fill: cannot initialise libsodium\n");
		return 3;
	}
	if (store_open(&st, argv[1 + seal], 0, err) != 0) {
		fprintf(stderr, "bench_report_fill: %s\n", err);
		return 3;
	}
	if (seal && unlock(st, err) != 0)
		goto fail;
	if (store_begin(st, err) != 0)
		goto fail;
	while (fgets(line, sizeof line, stdin)) {
		char *f[6] = {0}, *p = line;
		int nf = 0;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0])
			continue;
		while (nf < 6) {
			f[nf++] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (strcmp(f[0], "A") == 0 && nf == 4) {
			if (parse_at(f[1], &at) != 0) {
				snprintf(err, sizeof err, "line %ld: bad time '%s'", lineno, f[1]);
				goto fail_txn;
			}
			if (seal && seal_body(st, f[2], f[3], sealed, sizeof sealed, err) != 0)
				goto fail_txn;
			if (store_append(st, at, f[2], seal ? sealed : f[3], NULL, err) != 0)
				goto fail_txn;
		} else if (strcmp(f[0], "M") == 0 && nf == 5) {
			struct entry e;

			if (parse_at(f[2], &at) != 0) {
				snprintf(err, sizeof err, "line %ld: bad time '%s'", lineno, f[2]);
				goto fail_txn;
			}
			e.device_id = f[1];
			e.at_ms = at;
			e.kind = f[3];
			if (seal && seal_body(st, f[3], f[4], sealed, sizeof sealed, err) != 0)
				goto fail_txn;
			e.body = seal ? sealed : f[4];
			if (head_of(st, f[1], &e.seq, e.prev_hash) != 0) {
				snprintf(err, sizeof err, "cannot read the journal: %s",
					 sqlite3_errmsg(store_db(st)));
				goto fail_txn;
			}
			store_entry_hash(&e);
			if (store_merge(st, &e, err) < 0)
				goto fail_txn;
		} else {
			snprintf(err, sizeof err, "line %ld: want A/M and %s fields", lineno,
				 f[0][0] == 'M' ? "5" : "4");
			goto fail_txn;
		}
		n++;
	}
	if (ferror(stdin)) {
		snprintf(err, sizeof err, "cannot read stdin");
		goto fail_txn;
	}
	if (store_commit(st, err) != 0)
		goto fail;
	store_close(st);
	printf("%ld\n", n);
	return 0;
fail_txn:
	store_rollback(st);
fail:
	fprintf(stderr, "bench_report_fill: %s\n", err);
	store_close(st);
	return 3;
}
