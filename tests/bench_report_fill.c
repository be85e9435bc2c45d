/* bench_report_fill.c - append journal entries read from stdin in one
 * transaction: the report's bench journal (170,000 entries in about a second)
 * and the e2e fixture's walk-ins, undos and other devices' entries.
 * Every entry goes through store_append or store_merge, so hashes and chains
 * are real and `kiosk verify` passes.
 *
 * usage: bench_report_fill DATA_DIR < LINES
 * Each line, fields separated by one TAB:
 *   A  AT  KIND  BODY            append as this device
 *   M  DEVICE  AT  KIND  BODY    merge as DEVICE's next entry (as sync would)
 * AT is Unix ms or an ISO time ("2026-12-05T15:04+06:00"). Prints the
 * number of entries written. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/store.h"
#include "core/timefmt.h"

#define LINE_MAX_LEN 8192

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
	static char line[LINE_MAX_LEN];
	char err[KERR_LEN];
	struct store *st = NULL;
	long lineno = 0, n = 0;
	int64_t at;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_report_fill DATA_DIR < LINES\n");
		return 3;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "bench_report_fill: cannot initialise libsodium\n");
		return 3;
	}
	if (store_open(&st, argv[1], 0, err) != 0) {
		fprintf(stderr, "bench_report_fill: %s\n", err);
		return 3;
	}
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
			if (store_append(st, at, f[2], f[3], NULL, err) != 0)
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
			e.body = f[4];
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
