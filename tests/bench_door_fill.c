/* bench_door_fill.c - a roster of N guests for the door's bench (issue 15),
 * written straight through store_append (hash chain, projections, counts and
 * indexes as an import makes them) in one transaction: a million guests in
 * well under a minute, where a CSV import takes several.
 *
 * usage: bench_door_fill [--clear] DATA_DIR N
 * Guest i (1..N): id "g<i>", serial i, code "BENCH-<i>", a name made of made-up
 * syllables (Bengali for even i, Latin for odd i, so both scripts are
 * searched), and a phone +8801 followed by 9 digits from a fixed-seed
 * generator (suffix searches find a realistic spread). Needs `kiosk init`
 * first. Names and phones are sealed as the kiosk seals them (issue 14: the
 * store is unlocked with the passphrase in KIOSK_PASSPHRASE_FILE); --clear
 * writes them in clear, as the kiosk did before, to make a store from before
 * issue 14 for the migration tests. Prints the number of guests written.
 * Test-only code. */
#include <inttypes.h>
#include <malloc.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonw.h"
#include "store/attendees.h"
#include "store/db.h"
#include "store/store.h"
#include "store/vault.h"
#include "tests/bench_unlock.h"

static const char *const latin[] = {
	"ra", "hi", "ma", "su", "mi", "ta", "na", "ka", "ri", "fa", "ja", "la", "sa", "ba",
	"da", "ni", "ru", "sha", "mo", "ko", "zi", "ha", "ya", "pa", "bi", "tu", "lo", "an",
	"ir", "ul",
};
static const char *const bangla[] = {
	"র", "হি", "মা", "সু", "মি", "তা", "না", "ক", "রি", "ফা", "জা", "লা", "সা", "বা",
	"দা", "নি", "রু", "শা", "মো", "কো", "জি", "হা", "য়া", "প", "বি", "তু", "লো", "আন",
	"ই", "উল",
};
#define NSYL (sizeof latin / sizeof latin[0])

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* A word of 2..4 syllables, the first letter upper case in Latin. */
static void word(char *out, size_t cap, int bengali)
{
	const char *const *syl = bengali ? bangla : latin;
	int n = 2 + (int)(next() % 3), i;
	size_t o = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *s = syl[next() % NSYL];
		size_t l = strlen(s);

		if (o + l + 1 >= cap)
			break;
		memcpy(out + o, s, l + 1);
		o += l;
	}
	if (!bengali && out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

int main(int argc, char **argv)
{
	char err[KERR_LEN], event_id[128], body[2048], id[32], code[32], name[128], phone[32];
	char first[48], last[48];
	struct store *st = NULL;
	long n, i;
	int clear = argc == 4 && strcmp(argv[1], "--clear") == 0;

	argv += clear;
	argc -= clear;
	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) < 1) {
		fprintf(stderr, "usage: bench_door_fill [--clear] DATA_DIR N\n");
		return 3;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "bench_door_fill: cannot initialise libsodium\n");
		return 3;
	}
	if (store_open(&st, argv[1], 0, err) != 0) {
		fprintf(stderr, "bench_door_fill: %s\n", err);
		return 3;
	}
	if (store_meta_get(st, "event_id", event_id, sizeof event_id) <= 0) {
		fprintf(stderr, "bench_door_fill: no event (kiosk init first)\n");
		store_close(st);
		return 3;
	}
	if (!clear && bench_unlock(st, err) != 0)
		goto fail;
	/* Large buffers allocated and freed per row: without this glibc gives
	 * the memory back and faults it in again every time. */
	(void)mallopt(M_TRIM_THRESHOLD, 512 << 20);
	(void)mallopt(M_TOP_PAD, 64 << 20);
	/* One big transaction: keep its pages in memory, not spilled to the WAL
	 * page by page (a bench setting of this connection only). */
	if (sqlite3_exec(store_db(st), "PRAGMA cache_size=-524288", NULL, NULL, NULL) != SQLITE_OK ||
	    store_begin(st, err) != 0)
		goto fail;
	for (i = 1; i <= n; i++) {
		struct jsonw w;

		word(first, sizeof first, (int)(i % 2 == 0));
		word(last, sizeof last, (int)(i % 2 == 0));
		(void)snprintf(name, sizeof name, "%s %s", first, last);
		(void)snprintf(id, sizeof id, "g%ld", i);
		(void)snprintf(code, sizeof code, "BENCH-%ld", i);
		(void)snprintf(phone, sizeof phone, "+8801%09" PRIu32, next() % 1000000000u);
		jsonw_init(&w, body, sizeof body);
		jsonw_str(&w, "id", id);
		jsonw_str(&w, "event", event_id);
		jsonw_int(&w, "serial", i);
		if (clear) {
			jsonw_str(&w, "name", name);
			jsonw_str(&w, "phone", phone);
		} else if (attendees_seal(st, &w, name, phone, NULL, err) != 0) {
			goto fail_txn;
		}
		jsonw_str(&w, "type", "general");
		jsonw_int(&w, "type_id", 0);
		jsonw_str(&w, "code", code);
		if (jsonw_end(&w) != 0) {
			(void)snprintf(err, sizeof err, "entry %ld too large", i);
			goto fail_txn;
		}
		if (store_append(st, 1700000000000 + i, "attendee_added", body, NULL, err) != 0)
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
	fprintf(stderr, "bench_door_fill: %s\n", err[0] ? err : sqlite3_errmsg(store_db(st)));
	store_close(st);
	return 3;
}
