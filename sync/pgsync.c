/* pgsync.c - connections, schema, device roles and pull on PostgreSQL (see
 * pgsync.h; push: pgsync_push.c).
 * Adapter: libpq, store, trust, segment; prints nothing. Every libpq result is
 * checked; every PGresult is cleared on every path. */
#include "pgsync.h"
#include "pgsync_int.h"

#include <arpa/inet.h>
#include <endian.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segment.h"
#include "store/syncdb.h"
#include "trust.h"

/* ---- connection and plain statements ------------------------------------ */

/* libpq messages end in a newline and may span lines: keep the first line. */
const char *pg_first_line(const char *msg, char buf[KERR_LEN])
{
	size_t n = strcspn(msg ? msg : "", "\n");

	if (n >= KERR_LEN)
		n = KERR_LEN - 1;
	memcpy(buf, msg ? msg : "", n);
	buf[n] = '\0';
	return buf;
}

/* Server notices ("relation already exists, skipping") are not for the user. */
static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static PGconn *connect_url(const char *url, int timeout_s, char err[KERR_LEN])
{
	char t[16], m[KERR_LEN];
	/* connect_timeout first: a timeout in the URL itself wins. */
	const char *keys[] = {"connect_timeout", "application_name", "dbname", NULL};
	const char *vals[] = {t, "kiosk-sync", url, NULL};
	PGconn *c;

	(void)snprintf(t, sizeof t, "%d", timeout_s);
	c = PQconnectdbParams(keys, vals, 1);
	if (!c) {
		kerr(err, "cannot connect to PostgreSQL: out of memory");
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		kerr(err, "cannot connect to PostgreSQL: %s", pg_first_line(PQerrorMessage(c), m));
		PQfinish(c);
		return NULL;
	}
	(void)PQsetNoticeProcessor(c, quiet_notice, NULL); /* returns the old one */
	return c;
}

/* Run sql (no parameters) expecting a command or rows. Returns 0 or -1. */
int pg_exec_ok(PGconn *c, const char *sql, const char *what, char err[KERR_LEN])
{
	char m[KERR_LEN];
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		kerr(err, "%s: %s", what, pg_first_line(PQresultErrorMessage(r), m));
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

void pg_rollback(PGconn *c)
{
	/* Best effort: on a broken connection the server rolls back by itself. */
	PQclear(PQexec(c, "ROLLBACK"));
}

/* ---- schema ------------------------------------------------------------- */

static const char schema_v1[] =
	"CREATE TABLE kiosk_journal("
	" device_id text NOT NULL, seq bigint NOT NULL, at_ms bigint NOT NULL,"
	" kind text NOT NULL, body text NOT NULL, prev_hash bytea NOT NULL, hash bytea NOT NULL,"
	" PRIMARY KEY(device_id, seq));"
	"CREATE TABLE kiosk_tips("
	" device_id text NOT NULL, seq bigint NOT NULL, hash bytea NOT NULL, sig bytea NOT NULL,"
	" PRIMARY KEY(device_id, seq));"
	"CREATE TABLE kiosk_devices(role name PRIMARY KEY, device_id text NOT NULL UNIQUE);"
	"ALTER TABLE kiosk_journal ENABLE ROW LEVEL SECURITY;"
	"ALTER TABLE kiosk_tips ENABLE ROW LEVEL SECURITY;"
	"CREATE POLICY kiosk_read ON kiosk_journal FOR SELECT USING (true);"
	"CREATE POLICY kiosk_insert_own ON kiosk_journal FOR INSERT WITH CHECK (device_id ="
	" (SELECT d.device_id FROM kiosk_devices d WHERE d.role = current_user));"
	"CREATE POLICY kiosk_read ON kiosk_tips FOR SELECT USING (true);"
	"CREATE POLICY kiosk_insert_own ON kiosk_tips FOR INSERT WITH CHECK (device_id ="
	" (SELECT d.device_id FROM kiosk_devices d WHERE d.role = current_user));"
	"DO $$ BEGIN"
	" IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kiosk_device') THEN"
	"  CREATE ROLE kiosk_device NOLOGIN; END IF; END $$;"
	"GRANT SELECT, INSERT ON kiosk_journal, kiosk_tips TO kiosk_device;"
	"GRANT SELECT ON kiosk_devices, kiosk_meta TO kiosk_device;"
	/* One ticket checked in at two doors: both rows stay, this view flags them. */
	"CREATE VIEW kiosk_double_entries AS"
	" SELECT j.body::json->>'id' AS attendee_id, j.device_id, j.seq, j.at_ms,"
	"  j.body::json->>'door' AS door"
	" FROM kiosk_journal j WHERE j.kind IN ('checkin', 'walkin')"
	"  AND (SELECT count(*) FROM kiosk_journal k WHERE k.kind IN ('checkin', 'walkin')"
	"   AND k.body::json->>'id' = j.body::json->>'id') > 1;"
	"GRANT SELECT ON kiosk_double_entries TO kiosk_device;";

/* The schema version on the server: >0, 0 if there is no schema, -1 error. */
static int schema_version(PGconn *c, char err[KERR_LEN])
{
	char m[KERR_LEN];
	PGresult *r = PQexec(c, "SELECT value FROM kiosk_meta WHERE key = 'schema_version'"
				" AND to_regclass('kiosk_meta') IS NOT NULL");
	int v = 0;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

		if (state && strcmp(state, "42P01") == 0) { /* undefined_table */
			PQclear(r);
			return 0;
		}
		kerr(err, "cannot read the schema version: %s", pg_first_line(PQresultErrorMessage(r), m));
		PQclear(r);
		return -1;
	}
	if (PQntuples(r) == 1)
		v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

/* Bring the schema to PGSYNC_SCHEMA_VERSION (owner only). */
static int migrate(PGconn *c, char err[KERR_LEN])
{
	int v;

	if (pg_exec_ok(c, "BEGIN", "cannot start the schema migration", err) != 0)
		return -1;
	/* Twenty kiosks may first meet an empty database at the same moment. */
	if (pg_exec_ok(c, "SELECT pg_advisory_xact_lock(7370001)", "cannot lock the schema", err) != 0 ||
	    pg_exec_ok(c, "CREATE TABLE IF NOT EXISTS kiosk_meta(key text PRIMARY KEY, value text NOT NULL)",
		    "cannot create the kiosk schema", err) != 0)
		goto fail;
	v = schema_version(c, err);
	if (v < 0)
		goto fail;
	if (v > PGSYNC_SCHEMA_VERSION) {
		kerr(err, "the server's kiosk schema (version %d) is newer than this kiosk-sync (%d)", v,
		     PGSYNC_SCHEMA_VERSION);
		goto fail;
	}
	if (v < 1 && (pg_exec_ok(c, schema_v1, "cannot create the kiosk schema", err) != 0 ||
		      pg_exec_ok(c, "INSERT INTO kiosk_meta VALUES('schema_version', '1')",
			      "cannot record the schema version", err) != 0))
		goto fail;
	/* Later versions: `if (v < 2) ...` here, never editing schema_v1. */
	return pg_exec_ok(c, "COMMIT", "cannot commit the schema", err);
fail:
	pg_rollback(c);
	return -1;
}

/* Used before push and pull: migrate if we may, else say who must. */
static int ensure_schema(PGconn *c, char err[KERR_LEN])
{
	char m[KERR_LEN];
	int v = schema_version(c, err);

	if (v < 0)
		return -1;
	if (v == PGSYNC_SCHEMA_VERSION)
		return 0;
	if (v > PGSYNC_SCHEMA_VERSION)
		return kerr(err, "the server's kiosk schema (version %d) is newer than this kiosk-sync",
			    v);
	if (migrate(c, m) != 0)
		return kerr(err, "the database has no current kiosk schema and this role cannot "
				 "create it (run 'kiosk-sync pg-setup --to URL' as the owner): %s", m);
	return 0;
}

int pgsync_setup(const char *url, char err[KERR_LEN])
{
	PGconn *c = connect_url(url, 10, err);
	int r;

	if (!c)
		return -1;
	r = migrate(c, err);
	PQfinish(c);
	return r;
}

int pgsync_enrol(const char *url, const char *device_id, const char *password, char *role_out,
		 char err[KERR_LEN])
{
	char role[64], m[KERR_LEN], sql[1024];
	char *ident = NULL, *lit_role = NULL, *lit_id = NULL, *lit_pw = NULL;
	PGconn *c;
	PGresult *r = NULL;
	const char *params[1];
	int exists, rc = -1;

	if (!trust_id_is_valid(device_id))
		return kerr(err, "not a valid device id: '%s'", device_id);
	(void)snprintf(role, sizeof role, "%s%s", PGSYNC_ROLE_PREFIX, device_id);
	c = connect_url(url, 10, err);
	if (!c)
		return -1;
	if (migrate(c, err) != 0)
		goto out;
	ident = PQescapeIdentifier(c, role, strlen(role));
	lit_role = PQescapeLiteral(c, role, strlen(role));
	lit_id = PQescapeLiteral(c, device_id, strlen(device_id));
	if (password)
		lit_pw = PQescapeLiteral(c, password, strlen(password));
	if (!ident || !lit_role || !lit_id || (password && !lit_pw)) {
		kerr(err, "cannot quote the role name: %s", pg_first_line(PQerrorMessage(c), m));
		goto out;
	}
	params[0] = role;
	r = PQexecParams(c, "SELECT 1 FROM pg_roles WHERE rolname = $1", 1, NULL, params, NULL,
			 NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		kerr(err, "cannot look up role '%s': %s", role, pg_first_line(PQresultErrorMessage(r), m));
		goto out;
	}
	exists = PQntuples(r) > 0;
	if (pg_exec_ok(c, "BEGIN", "cannot enrol the device", err) != 0)
		goto out;
	(void)snprintf(sql, sizeof sql, "%s ROLE %s LOGIN%s%s", exists ? "ALTER" : "CREATE", ident,
		       lit_pw ? " PASSWORD " : "", lit_pw ? lit_pw : "");
	if (pg_exec_ok(c, sql, "cannot create the device's role", err) != 0)
		goto fail;
	(void)snprintf(sql, sizeof sql, "GRANT kiosk_device TO %s", ident);
	if (pg_exec_ok(c, sql, "cannot grant the device role", err) != 0)
		goto fail;
	(void)snprintf(sql, sizeof sql,
		       "INSERT INTO kiosk_devices VALUES(%s, %s) ON CONFLICT (role)"
		       " DO UPDATE SET device_id = EXCLUDED.device_id",
		       lit_role, lit_id);
	if (pg_exec_ok(c, sql, "cannot map the role to the device", err) != 0)
		goto fail;
	if (pg_exec_ok(c, "COMMIT", "cannot commit the enrolment", err) != 0)
		goto out;
	(void)snprintf(role_out, 64, "%s", role);
	rc = 0;
	goto out;
fail:
	pg_rollback(c);
out:
	PQclear(r);
	PQfreemem(ident);
	PQfreemem(lit_role);
	PQfreemem(lit_id);
	PQfreemem(lit_pw);
	PQfinish(c);
	return rc;
}

int pgsync_is_reachable(const char *url, int timeout_s)
{
	char err[KERR_LEN];
	PGconn *c = connect_url(url, timeout_s, err);

	if (!c)
		return 0;
	PQfinish(c);
	return 1;
}


int pgsync_conn_open(struct pgsync_conn **out, const char *url, int timeout_s, char err[KERR_LEN])
{
	struct pgsync_conn *pc;

	*out = NULL;
	if (strlen(url) >= PGSYNC_URL_MAX)
		return kerr(err, "connection string too long");
	pc = calloc(1, sizeof *pc);
	if (!pc)
		return kerr(err, "out of memory");
	(void)snprintf(pc->url, sizeof pc->url, "%s", url);
	pc->c = connect_url(url, timeout_s, err);
	if (!pc->c || ensure_schema(pc->c, err) != 0) {
		pgsync_conn_close(pc);
		return -1;
	}
	*out = pc;
	return 0;
}

void pgsync_conn_close(struct pgsync_conn *pc)
{
	if (!pc)
		return;
	PQfinish(pc->c);
	free(pc);
}

int pgsync_conn_is_ok(const struct pgsync_conn *pc, const char *url)
{
	return pc && PQstatus(pc->c) == CONNECTION_OK && strcmp(pc->url, url) == 0;
}

/* ---- pull ----------------------------------------------------------------- */

static int64_t get_i64(const PGresult *r, int row, int col)
{
	uint64_t be;

	memcpy(&be, PQgetvalue(r, row, col), 8);
	return (int64_t)be64toh(be);
}

/* Fetch device's entries after `after` up to the signed tip and apply them. */
static int pull_device(PGconn *c, struct store *st, const char *dev, int64_t tip_seq,
		       const uint8_t *tip_hash, const uint8_t *tip_sig, struct sync_stats *stats,
		       char err[KERR_LEN])
{
	char m[KERR_LEN], after_s[24], tip_s[24], where[96];
	uint8_t prev[STORE_HASH_LEN] = {0}, held[STORE_HASH_LEN];
	struct segment seg;
	const char *params[3];
	PGresult *r = NULL;
	int64_t after;
	int i, n, h, rc = -1;
	size_t bodies = 0, used = 0;

	memset(&seg, 0, sizeof seg);
	(void)snprintf(where, sizeof where, "PostgreSQL rows of device '%s'", dev);
	if (bundle_local_max(st, dev, &after, err) != 0)
		return -1;
	if (tip_seq <= after) {
		/* Nothing new; the tip must still agree with what is held. */
		h = bundle_held_hash(st, dev, tip_seq, held, err);
		if (h < 0)
			return -1;
		if (sodium_memcmp(held, tip_hash, STORE_HASH_LEN) != 0)
			return kerr(err, "%s: the server's tip at seq %" PRId64 " differs from the "
					 "entry held here", where, tip_seq);
		return 0;
	}
	if (after > 0 && bundle_held_hash(st, dev, after, prev, err) != 1)
		return kerr(err, "entry %s/%" PRId64 " vanished", dev, after);
	(void)snprintf(after_s, sizeof after_s, "%" PRId64, after);
	(void)snprintf(tip_s, sizeof tip_s, "%" PRId64, tip_seq);
	params[0] = dev;
	params[1] = after_s;
	params[2] = tip_s;
	r = PQexecParams(c, "SELECT seq, at_ms, kind, body, hash FROM kiosk_journal"
			    " WHERE device_id = $1 AND seq > $2::bigint AND seq <= $3::bigint"
			    " ORDER BY seq", 3, NULL, params, NULL, NULL, 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		kerr(err, "cannot read %s: %s", where, pg_first_line(PQresultErrorMessage(r), m));
		goto out;
	}
	n = PQntuples(r);
	if ((int64_t)n != tip_seq - after) {
		kerr(err, "%s: %d rows where %" PRId64 " were signed (rows missing)", where, n,
		     tip_seq - after);
		goto out;
	}
	for (i = 0; i < n; i++)
		bodies += (size_t)PQgetlength(r, i, 2) + (size_t)PQgetlength(r, i, 3) + 2;
	seg.entries = calloc((size_t)n, sizeof *seg.entries);
	seg.arena = malloc(bodies + 1);
	if (!seg.entries || !seg.arena) {
		kerr(err, "out of memory");
		goto out;
	}
	(void)snprintf(seg.event, sizeof seg.event, "-");
	(void)snprintf(seg.device_id, sizeof seg.device_id, "%s", dev);
	seg.first = after + 1;
	seg.last = tip_seq;
	seg.n = (size_t)n;
	memcpy(seg.prev, prev, STORE_HASH_LEN);
	memcpy(seg.tip, tip_hash, STORE_HASH_LEN);
	memcpy(seg.sig, tip_sig, TRUST_SIG_LEN);
	for (i = 0; i < n; i++) {
		struct entry *e = &seg.entries[i];
		int kl = PQgetlength(r, i, 2), bl = PQgetlength(r, i, 3);

		if (PQgetlength(r, i, 0) != 8 || PQgetlength(r, i, 1) != 8 ||
		    PQgetlength(r, i, 4) != STORE_HASH_LEN) {
			kerr(err, "%s: malformed row", where);
			goto out;
		}
		e->device_id = seg.device_id;
		e->seq = get_i64(r, i, 0);
		e->at_ms = get_i64(r, i, 1);
		memcpy(seg.arena + used, PQgetvalue(r, i, 2), (size_t)kl);
		seg.arena[used + (size_t)kl] = '\0';
		e->kind = seg.arena + used;
		used += (size_t)kl + 1;
		memcpy(seg.arena + used, PQgetvalue(r, i, 3), (size_t)bl);
		seg.arena[used + (size_t)bl] = '\0';
		e->body = seg.arena + used;
		used += (size_t)bl + 1;
		/* Rebuild the chain ourselves: nothing the server says is taken on trust. */
		memcpy(e->prev_hash, prev, STORE_HASH_LEN);
		store_entry_hash(e);
		if (e->seq != after + 1 + i ||
		    sodium_memcmp(e->hash, PQgetvalue(r, i, 4), STORE_HASH_LEN) != 0) {
			kerr(err, "%s: entry seq %" PRId64 " does not match its hash or chain", where,
			     e->seq);
			goto out;
		}
		memcpy(prev, e->hash, STORE_HASH_LEN);
	}
	if (sodium_memcmp(prev, tip_hash, STORE_HASH_LEN) != 0) {
		kerr(err, "%s: the chain does not end at the signed tip", where);
		goto out;
	}
	rc = bundle_apply(st, &seg, where, stats, err);
out:
	PQclear(r);
	segment_release(&seg);
	return rc;
}

int pgsync_pull(struct store *st, const char *url, int64_t now_ms, struct sync_stats *stats,
		sync_progress_fn progress, void *ctx, char err[KERR_LEN])
{
	char root[STORE_DEVICE_ID_MAX + 1], m[KERR_LEN];
	PGconn *c = NULL;
	PGresult *r = NULL;
	int i, n, pass, rc = -1, in_tx = 0, done = 0;

	memset(stats, 0, sizeof *stats);
	if (trust_migrate(st, err) != 0 || trust_root(st, root, err) < 0)
		return -1;
	if (!root[0])
		return kerr(err, "this store has no organizer device yet (run 'kiosk device add' here "
				 "first, or 'kiosk device join')");
	c = connect_url(url, 10, err);
	if (!c || ensure_schema(c, err) != 0)
		goto out;
	/* Latest signed tip per device: rows beyond it are a batch still being
	 * written, or unsigned, and wait for the next pull. */
	r = PQexecParams(c, "SELECT DISTINCT ON (device_id) device_id, seq, hash, sig FROM kiosk_tips"
			    " ORDER BY device_id, seq DESC", 0, NULL, NULL, NULL, NULL, 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		kerr(err, "cannot read the server's tips: %s", pg_first_line(PQresultErrorMessage(r), m));
		goto out;
	}
	n = PQntuples(r);
	if (store_begin(st, err) != 0)
		goto out;
	in_tx = 1;
	/* The organizer's rows first: they carry the enrolments of the others. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			const char *dev = PQgetvalue(r, i, 0);

			if (strcmp(dev, store_device_id(st)) == 0 ||
			    (strcmp(dev, root) == 0) != (pass == 0))
				continue;
			if (!trust_id_is_valid(dev) || PQgetlength(r, i, 1) != 8 ||
			    PQgetlength(r, i, 2) != STORE_HASH_LEN ||
			    PQgetlength(r, i, 3) != TRUST_SIG_LEN) {
				kerr(err, "refused: malformed tip row on the server; nothing was imported");
				goto out;
			}
			if (pull_device(c, st, dev, get_i64(r, i, 1),
					(const uint8_t *)PQgetvalue(r, i, 2),
					(const uint8_t *)PQgetvalue(r, i, 3), stats, m) != 0) {
				kerr(err, "refused %s; nothing was imported", m);
				goto out;
			}
			stats->devices++;
			if (progress)
				progress(ctx, ++done, n);
		}
	}
	if (bundle_note(st, 0, url, now_ms, 0, err) != 0 || store_commit(st, err) != 0)
		goto out;
	in_tx = 0;
	rc = 0;
out:
	if (in_tx)
		store_rollback(st);
	PQclear(r);
	PQfinish(c);
	return rc;
}
