/* pgsync.c - push, pull, schema and device roles on PostgreSQL (see pgsync.h).
 * Adapter: libpq, store, trust, segment; prints nothing. Every libpq result is
 * checked; every PGresult is cleared on every path. */
#include "store/db.h"
#include "pgsync.h"

#include <arpa/inet.h>
#include <endian.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/dfile.h"
#include "segment.h"
#include "store/keys.h"
#include "store/syncdb.h"
#include "trust.h"

/* ---- connection and plain statements ------------------------------------ */

void pgsync_url_redact(const char *url, char *out, size_t cap)
{
	const char *auth = strstr(url, "://"), *end, *at, *colon, *p;
	size_t n = 0;

	(void)snprintf(out, cap, "%s", url);
	if (!auth || cap == 0)
		return;
	auth += 3;
	end = auth + strcspn(auth, "/?");
	at = memchr(auth, '@', (size_t)(end - auth));
	colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	/* user:password@ -> user@ */
	for (p = url; *p && n + 1 < cap; p++) {
		if (colon && p >= colon && p < at)
			continue;
		out[n++] = *p;
	}
	out[n] = '\0';
	/* ...&password=... or ?password=... in the query: dropped. */
	for (;;) {
		char *q = strstr(out, "password=");
		char *amp;

		if (!q || q == out || (q[-1] != '?' && q[-1] != '&'))
			break;
		amp = strchr(q, '&');
		if (amp)
			memmove(q, amp + 1, strlen(amp + 1) + 1);
		else
			q[q[-1] == '&' || q[-1] == '?' ? -1 : 0] = '\0';
	}
}

/* libpq messages end in a newline and may span lines: keep the first line. */
static const char *first_line(const char *msg, char buf[KERR_LEN])
{
	size_t n = strcspn(msg ? msg : "", "\n");

	if (n >= KERR_LEN)
		n = KERR_LEN - 1;
	memcpy(buf, msg ? msg : "", n);
	buf[n] = '\0';
	return buf;
}

/* One field of a PGPASSFILE line: ':' and '\\' escaped, "*" when empty. */
static int pass_field(struct segbuf *b, const char *v, int last)
{
	const char *p;

	if (!v || !*v)
		return segbuf_printf(b, "*%s", last ? "\n" : ":");
	for (p = v; *p; p++) {
		if (*p == '\n' || *p == '\r')
			return -1;
		if ((*p == ':' || *p == '\\') && segbuf_put(b, "\\", 1) != 0)
			return -1;
		if (segbuf_put(b, p, 1) != 0)
			return -1;
	}
	return segbuf_put(b, last ? "\n" : ":", 1);
}

int pgsync_save_password(const char *url, const char *path, char err[KERR_LEN])
{
	const char *want[] = {"host", "port", "dbname", "user", "password"};
	char *msg = NULL, *old = NULL, *prefix = NULL;
	const char *v[5] = {NULL, NULL, NULL, NULL, NULL};
	PQconninfoOption *o = PQconninfoParse(url, &msg), *p;
	struct segbuf b = {0};
	size_t len = 0, plen, i;
	int rc = -1, r;

	if (!o) {
		kerr(err, "not a connection string: %s", msg ? msg : "out of memory");
		PQfreemem(msg);
		return -1;
	}
	for (p = o; p->keyword; p++)
		for (i = 0; i < 5; i++)
			if (strcmp(p->keyword, want[i]) == 0 && p->val)
				v[i] = p->val;
	if (!v[4] || !*v[4]) {
		rc = 0;
		goto out;
	}
	/* The entry for this host:port:db:user replaces an older one. */
	for (i = 0; i < 4; i++)
		if (pass_field(&b, v[i], 0) != 0)
			goto bad;
	plen = b.len;
	prefix = malloc(plen + 1);
	if (!prefix)
		goto bad;
	memcpy(prefix, b.buf, plen);
	prefix[plen] = '\0';
	if (pass_field(&b, v[4], 1) != 0)
		goto bad;
	r = dfile_read(path, &old, &len, 1 << 20, err);
	if (r < 0)
		goto out;
	for (i = 0; r > 0 && i < len;) {
		char *nl = memchr(old + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (old + i)) + 1 : len - i;

		if (!(n >= plen && memcmp(old + i, prefix, plen) == 0) &&
		    (segbuf_put(&b, old + i, n) != 0 || (!nl && segbuf_put(&b, "\n", 1) != 0)))
			goto bad;
		i += n;
	}
	/* Replaced as a whole, durably; the new file is 0600 from its creation. */
	rc = dfile_write(path, b.buf, b.len, 0600, 0, err) == 0 ? 1 : -1;
	goto out;
bad:
	kerr(err, "cannot write the password file '%s' (a line break in a field?)", path);
out:
	if (b.buf)
		sodium_memzero(b.buf, b.cap);
	if (old)
		sodium_memzero(old, len);
	free(b.buf);
	free(old);
	free(prefix);
	PQconninfoFree(o);
	return rc;
}

/* Server notices ("relation already exists, skipping") are not for the user. */
static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int timeout_s = PGSYNC_TIMEOUT_DEFAULT;
static char passfile[4096];

void pgsync_set_timeout(int seconds)
{
	timeout_s = seconds > 0 ? seconds : PGSYNC_TIMEOUT_DEFAULT;
}

int pgsync_timeout(void)
{
	return timeout_s;
}

void pgsync_set_passfile(const char *path)
{
	(void)snprintf(passfile, sizeof passfile, "%s", path ? path : "");
}

static PGconn *connect_url(const char *url, int connect_s, char err[KERR_LEN])
{
	char t[16], opts[160], user_ms[24], m[KERR_LEN];
	/* Ours first: a setting in the URL itself wins. Every wait has a limit:
	 * the connection (connect_timeout), each statement and each lock wait
	 * (statement_timeout, lock_timeout), a dead peer (TCP keepalives and
	 * tcp_user_timeout for data the server never acknowledges). */
	const char *keys[] = {"connect_timeout", "application_name", "keepalives",
			      "keepalives_idle", "keepalives_interval", "keepalives_count",
			      "tcp_user_timeout", "options", "passfile", "dbname", NULL};
	const char *vals[] = {t, "kiosk-sync", "1", "10", "5", "3", user_ms, opts,
			      passfile[0] ? passfile : NULL, url, NULL};
	PGconn *c;
	int i;

	if (connect_s > timeout_s)
		connect_s = timeout_s;
	(void)snprintf(t, sizeof t, "%d", connect_s);
	(void)snprintf(user_ms, sizeof user_ms, "%d", timeout_s * 1000);
	(void)snprintf(opts, sizeof opts,
		       "-c statement_timeout=%d -c lock_timeout=%d"
		       " -c idle_in_transaction_session_timeout=%d",
		       timeout_s * 1000, timeout_s * 1000, timeout_s * 2000);
	if (!vals[8]) { /* no passfile: drop the key, keep dbname last */
		for (i = 8; keys[i]; i++) {
			keys[i] = keys[i + 1];
			vals[i] = vals[i + 1];
		}
	}
	c = PQconnectdbParams(keys, vals, 1);
	if (!c) {
		kerr(err, "cannot connect to PostgreSQL: out of memory");
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		kerr(err, "cannot connect to PostgreSQL: %s", first_line(PQerrorMessage(c), m));
		PQfinish(c);
		return NULL;
	}
	(void)PQsetNoticeProcessor(c, quiet_notice, NULL); /* returns the old one */
	return c;
}

/* The server's reason, and for a timeout what it means. */
static const char *why(const PGresult *r, char m[KERR_LEN])
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	char first[KERR_LEN];

	first_line(PQresultErrorMessage(r), first);
	if (state && (strcmp(state, "57014") == 0 || strcmp(state, "55P03") == 0))
		(void)snprintf(m, KERR_LEN, "timed out after %d s: the server is stalled or a lock"
			       " is held by another session (%.120s); try again later or raise"
			       " --timeout", timeout_s, first);
	else
		(void)snprintf(m, KERR_LEN, "%s", first);
	return m;
}

/* Run sql (no parameters) expecting a command or rows. Returns 0 or -1. */
static int exec_ok(PGconn *c, const char *sql, const char *what, char err[KERR_LEN])
{
	char m[KERR_LEN];
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		kerr(err, "%s: %s", what, why(r, m));
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

static void rollback(PGconn *c)
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

/* Version 2 (issue 13): many events in one database, least privilege.
 * Every row is keyed by event; kiosk_devices maps a login role to one
 * device of one event and its kind (organizer, door, desk). A device's role
 * reads only its own event, and within it the rows of the organizer, of its
 * own kind of device and its own (doors never see the order desks' orders
 * and addresses; desks never see the doors' check-ins); the organizer's role
 * reads its whole event. Inserts: own device, own event. Nobody but the
 * owner updates or deletes. The lookups are SECURITY DEFINER functions so a
 * device needs no read access to kiosk_devices itself. */
static const char schema_v2[] =
	"ALTER TABLE kiosk_journal ADD COLUMN event_id text NOT NULL DEFAULT '';"
	"ALTER TABLE kiosk_journal ALTER COLUMN event_id DROP DEFAULT;"
	"ALTER TABLE kiosk_journal DROP CONSTRAINT kiosk_journal_pkey;"
	"ALTER TABLE kiosk_journal ADD PRIMARY KEY (event_id, device_id, seq);"
	"ALTER TABLE kiosk_tips ADD COLUMN event_id text NOT NULL DEFAULT '';"
	"ALTER TABLE kiosk_tips ALTER COLUMN event_id DROP DEFAULT;"
	"ALTER TABLE kiosk_tips DROP CONSTRAINT kiosk_tips_pkey;"
	"ALTER TABLE kiosk_tips ADD PRIMARY KEY (event_id, device_id, seq);"
	"ALTER TABLE kiosk_devices ADD COLUMN event_id text NOT NULL DEFAULT '';"
	"ALTER TABLE kiosk_devices ALTER COLUMN event_id DROP DEFAULT;"
	"ALTER TABLE kiosk_devices ADD COLUMN kind text NOT NULL DEFAULT 'door'"
	" CHECK (kind IN ('organizer', 'door', 'desk'));"
	"ALTER TABLE kiosk_devices DROP CONSTRAINT kiosk_devices_device_id_key;"
	"ALTER TABLE kiosk_devices DROP CONSTRAINT kiosk_devices_pkey;"
	"ALTER TABLE kiosk_devices ALTER COLUMN role DROP NOT NULL;"
	"ALTER TABLE kiosk_devices ADD PRIMARY KEY (event_id, device_id);"
	"CREATE UNIQUE INDEX kiosk_devices_role ON kiosk_devices(role);"
	"CREATE FUNCTION kiosk_role_event(r name) RETURNS text LANGUAGE sql STABLE"
	" SECURITY DEFINER SET search_path FROM CURRENT AS"
	" $$ SELECT event_id FROM kiosk_devices WHERE role = r $$;"
	"CREATE FUNCTION kiosk_role_device(r name) RETURNS text LANGUAGE sql STABLE"
	" SECURITY DEFINER SET search_path FROM CURRENT AS"
	" $$ SELECT device_id FROM kiosk_devices WHERE role = r $$;"
	"CREATE FUNCTION kiosk_role_kind(r name) RETURNS text LANGUAGE sql STABLE"
	" SECURITY DEFINER SET search_path FROM CURRENT AS"
	" $$ SELECT kind FROM kiosk_devices WHERE role = r $$;"
	"CREATE FUNCTION kiosk_readable(r name) RETURNS SETOF text LANGUAGE sql STABLE"
	" SECURITY DEFINER SET search_path FROM CURRENT AS"
	" $$ SELECT d.device_id FROM kiosk_devices d JOIN kiosk_devices me"
	"  ON me.role = r AND d.event_id = me.event_id"
	"  WHERE me.kind = 'organizer' OR d.kind IN ('organizer', me.kind)"
	"   OR d.device_id = me.device_id $$;"
	"DROP POLICY kiosk_read ON kiosk_journal;"
	"DROP POLICY kiosk_insert_own ON kiosk_journal;"
	"DROP POLICY kiosk_read ON kiosk_tips;"
	"DROP POLICY kiosk_insert_own ON kiosk_tips;"
	"CREATE POLICY kiosk_read ON kiosk_journal FOR SELECT USING ("
	" event_id = (SELECT kiosk_role_event(current_user))"
	" AND device_id IN (SELECT kiosk_readable(current_user)));"
	"CREATE POLICY kiosk_insert_own ON kiosk_journal FOR INSERT WITH CHECK ("
	" event_id = (SELECT kiosk_role_event(current_user))"
	" AND device_id = (SELECT kiosk_role_device(current_user)));"
	"CREATE POLICY kiosk_read ON kiosk_tips FOR SELECT USING ("
	" event_id = (SELECT kiosk_role_event(current_user))"
	" AND device_id IN (SELECT kiosk_readable(current_user)));"
	"CREATE POLICY kiosk_insert_own ON kiosk_tips FOR INSERT WITH CHECK ("
	" event_id = (SELECT kiosk_role_event(current_user))"
	" AND device_id = (SELECT kiosk_role_device(current_user)));"
	"REVOKE SELECT ON kiosk_devices FROM kiosk_device;"
	/* The view reads with the caller's rights, so row-level security holds. */
	"ALTER VIEW kiosk_double_entries SET (security_invoker = true);";

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
		kerr(err, "cannot read the schema version: %s", why(r, m));
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

	if (exec_ok(c, "BEGIN", "cannot start the schema migration", err) != 0)
		return -1;
	/* Twenty kiosks may first meet an empty database at the same moment. */
	if (exec_ok(c, "SELECT pg_advisory_xact_lock(7370001)", "cannot lock the schema", err) != 0 ||
	    exec_ok(c, "CREATE TABLE IF NOT EXISTS kiosk_meta(key text PRIMARY KEY, value text NOT NULL)",
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
	if (v < 1 && (exec_ok(c, schema_v1, "cannot create the kiosk schema", err) != 0 ||
		      exec_ok(c, "INSERT INTO kiosk_meta VALUES('schema_version', '1')",
			      "cannot record the schema version", err) != 0))
		goto fail;
	if (v < 2 && (exec_ok(c, schema_v2, "cannot migrate the kiosk schema to version 2", err) != 0 ||
		      exec_ok(c, "UPDATE kiosk_meta SET value = '2' WHERE key = 'schema_version'",
			      "cannot record the schema version", err) != 0))
		goto fail;
	/* Later versions: `if (v < 3) ...` here, never editing schema_v1 or v2. */
	return exec_ok(c, "COMMIT", "cannot commit the schema", err);
fail:
	rollback(c);
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

int pgsync_enrol(const char *url, const char *device_id, const char *event_id, const char *kind,
		 const char *password, char *role_out, char err[KERR_LEN])
{
	char role[64], m[KERR_LEN], sql[1024];
	char *ident = NULL, *lit_role = NULL, *lit_id = NULL, *lit_pw = NULL, *lit_ev = NULL;
	PGconn *c;
	PGresult *r = NULL;
	const char *params[1];
	int exists, rc = -1;

	if (!trust_id_is_valid(device_id))
		return kerr(err, "not a valid device id: '%s'", device_id);
	if (strcmp(kind, "organizer") != 0 && strcmp(kind, "door") != 0 && strcmp(kind, "desk") != 0)
		return kerr(err, "device kind must be organizer, door or desk, not '%s'", kind);
	(void)snprintf(role, sizeof role, "%s%s", PGSYNC_ROLE_PREFIX, device_id);
	c = connect_url(url, 10, err);
	if (!c)
		return -1;
	if (migrate(c, err) != 0)
		goto out;
	ident = PQescapeIdentifier(c, role, strlen(role));
	lit_role = PQescapeLiteral(c, role, strlen(role));
	lit_id = PQescapeLiteral(c, device_id, strlen(device_id));
	lit_ev = PQescapeLiteral(c, event_id, strlen(event_id));
	if (password)
		lit_pw = PQescapeLiteral(c, password, strlen(password));
	if (!ident || !lit_role || !lit_id || !lit_ev || (password && !lit_pw)) {
		kerr(err, "cannot quote the role name: %s", first_line(PQerrorMessage(c), m));
		goto out;
	}
	params[0] = role;
	r = PQexecParams(c, "SELECT 1 FROM pg_roles WHERE rolname = $1", 1, NULL, params, NULL,
			 NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		kerr(err, "cannot look up role '%s': %s", role, why(r, m));
		goto out;
	}
	exists = PQntuples(r) > 0;
	if (exec_ok(c, "BEGIN", "cannot enrol the device", err) != 0)
		goto out;
	(void)snprintf(sql, sizeof sql, "%s ROLE %s LOGIN%s%s", exists ? "ALTER" : "CREATE", ident,
		       lit_pw ? " PASSWORD " : "", lit_pw ? lit_pw : "");
	if (exec_ok(c, sql, "cannot create the device's role", err) != 0)
		goto fail;
	(void)snprintf(sql, sizeof sql, "GRANT kiosk_device TO %s", ident);
	if (exec_ok(c, sql, "cannot grant the device role", err) != 0)
		goto fail;
	/* One role, one device of one event ('kind' decides what it may read). */
	(void)snprintf(sql, sizeof sql,
		       "DELETE FROM kiosk_devices WHERE role = %s AND (event_id, device_id) <> (%s, %s);"
		       "INSERT INTO kiosk_devices(role, device_id, event_id, kind)"
		       " VALUES(%s, %s, %s, '%s') ON CONFLICT (event_id, device_id)"
		       " DO UPDATE SET role = EXCLUDED.role, kind = EXCLUDED.kind",
		       lit_role, lit_ev, lit_id, lit_role, lit_id, lit_ev, kind);
	if (exec_ok(c, sql, "cannot map the role to the device", err) != 0)
		goto fail;
	if (exec_ok(c, "COMMIT", "cannot commit the enrolment", err) != 0)
		goto out;
	(void)snprintf(role_out, 64, "%s", role);
	rc = 0;
	goto out;
fail:
	rollback(c);
out:
	PQclear(r);
	PQfreemem(ident);
	PQfreemem(lit_role);
	PQfreemem(lit_id);
	PQfreemem(lit_ev);
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

/* ---- push ----------------------------------------------------------------- */

/* COPY binary format (no escaping, no hex for the hashes: the server parses
 * less than with text): a header, per row a field count and each field as a
 * 32-bit length and its bytes, then a trailer. Integers are big-endian. */
static const char copy_header[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
#define COPY_HEADER_LEN 19
#define COPY_FIELDS 8       /* the columns of kiosk_stage, as named in push_batch */

static int put_u32(struct segbuf *b, uint32_t v)
{
	uint32_t be = htonl(v);

	return segbuf_put(b, &be, 4);
}

static int put_field(struct segbuf *b, const void *p, size_t n)
{
	return put_u32(b, (uint32_t)n) != 0 || segbuf_put(b, p, n) != 0 ? -1 : 0;
}

static int put_i64(struct segbuf *b, int64_t v)
{
	uint64_t be = htobe64((uint64_t)v);

	return put_field(b, &be, 8);
}

static int flush_copy(PGconn *c, struct segbuf *b, char err[KERR_LEN])
{
	char m[KERR_LEN];

	if (b->len == 0)
		return 0;
	if (PQputCopyData(c, b->buf, (int)b->len) != 1)
		return kerr(err, "cannot send rows to PostgreSQL: %s", first_line(PQerrorMessage(c), m));
	b->len = 0;
	return 0;
}

/* One batch first..last in one transaction. Returns 0, or -1 with err. */
static int push_batch(PGconn *c, struct store *st, const char *me, const char *ev, int64_t first,
		      int64_t last, const uint8_t sk[TRUST_SK_LEN], struct segbuf *b,
		      char err[KERR_LEN])
{
	char m[KERR_LEN], seqs[24];
	uint8_t tip[STORE_HASH_LEN], sig[TRUST_SIG_LEN];
	sqlite3_stmt *q = NULL;
	PGresult *r = NULL;
	const char *params[5];
	int lens[5], fmts[5] = {0, 0, 1, 1, 0};
	int64_t n = 0, inserted;
	int s;

	if (exec_ok(c, "BEGIN", "cannot start a push transaction", err) != 0)
		return -1;
	r = PQexec(c, "COPY kiosk_stage(device_id, seq, at_ms, kind, body, prev_hash, hash, event_id)"
		      " FROM STDIN (FORMAT binary)");
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		kerr(err, "cannot start COPY: %s", why(r, m));
		goto fail;
	}
	PQclear(r);
	r = NULL;
	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT seq, at_ms, kind, body, prev_hash, hash FROM journal"
			       " WHERE device_id = ? AND seq >= ? AND seq <= ? ORDER BY seq",
			       -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(q, 1, me, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 2, first) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 3, last) != SQLITE_OK) {
		kerr(err, "cannot read the journal: %s", sqlite3_errmsg(store_db(st)));
		goto fail_copy;
	}
	b->len = 0;
	if (segbuf_put(b, copy_header, COPY_HEADER_LEN) != 0) {
		kerr(err, "out of memory");
		goto fail_copy;
	}
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(q, 2);
		const char *body = (const char *)sqlite3_column_text(q, 3);
		int64_t seq = sqlite3_column_int64(q, 0);
		uint16_t nf = htons(COPY_FIELDS);

		if (!kind || !body || sqlite3_column_bytes(q, 4) != STORE_HASH_LEN ||
		    sqlite3_column_bytes(q, 5) != STORE_HASH_LEN || seq != first + n) {
			kerr(err, "entry %s/%" PRId64 " is malformed or missing", me, first + n);
			goto fail_copy;
		}
		if (segbuf_put(b, &nf, 2) != 0 || put_field(b, me, strlen(me)) != 0 ||
		    put_i64(b, seq) != 0 || put_i64(b, sqlite3_column_int64(q, 1)) != 0 ||
		    put_field(b, kind, (size_t)sqlite3_column_bytes(q, 2)) != 0 ||
		    put_field(b, body, (size_t)sqlite3_column_bytes(q, 3)) != 0 ||
		    put_field(b, sqlite3_column_blob(q, 4), STORE_HASH_LEN) != 0 ||
		    put_field(b, sqlite3_column_blob(q, 5), STORE_HASH_LEN) != 0 ||
		    put_field(b, ev, strlen(ev)) != 0) {
			kerr(err, "out of memory");
			goto fail_copy;
		}
		memcpy(tip, sqlite3_column_blob(q, 5), STORE_HASH_LEN);
		n++;
		if (b->len >= 256 * 1024 && flush_copy(c, b, err) != 0)
			goto fail_copy;
	}
	if (s != SQLITE_DONE || n != last - first + 1) {
		kerr(err, "cannot read the journal: %s",
		     s != SQLITE_DONE ? sqlite3_errmsg(store_db(st)) : "entries missing");
		goto fail_copy;
	}
	(void)sqlite3_finalize(q);
	q = NULL;
	if (segbuf_put(b, "\377\377", 2) != 0) { /* the trailer: a field count of -1 */
		kerr(err, "out of memory");
		goto fail_copy;
	}
	if (flush_copy(c, b, err) != 0)
		goto fail_copy;
	if (PQputCopyEnd(c, NULL) != 1) {
		kerr(err, "cannot finish COPY: %s", first_line(PQerrorMessage(c), m));
		goto fail;
	}
	r = PQgetResult(c);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		kerr(err, "COPY failed: %s", why(r, m));
		goto fail;
	}
	PQclear(r);
	r = PQgetResult(c); /* the NULL that ends the COPY's results */
	PQclear(r);
	/* The common case is a batch the server has never seen: a plain INSERT
	 * costs about a third less than ON CONFLICT's speculative insertion (see
	 * bench_sync.sh). Only if some row exists already (a push whose COMMIT
	 * reply was lost, or this device pushing twice at once) does the batch
	 * fall back, inside the same transaction, to INSERT ... ON CONFLICT DO
	 * NOTHING and a comparison of the rows that were there. */
	if (exec_ok(c, "SAVEPOINT kiosk_plain", "cannot set a savepoint", err) != 0)
		goto fail;
	r = PQexec(c, "INSERT INTO kiosk_journal SELECT * FROM kiosk_stage");
	if (PQresultStatus(r) == PGRES_COMMAND_OK) {
		inserted = strtoll(PQcmdTuples(r), NULL, 10);
	} else {
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

		if (!state || strcmp(state, "23505") != 0) { /* not unique_violation */
			kerr(err, "the server refused the entries: %s",
			     why(r, m));
			goto fail;
		}
		PQclear(r);
		r = NULL;
		if (exec_ok(c, "ROLLBACK TO SAVEPOINT kiosk_plain", "cannot roll back", err) != 0)
			goto fail;
		r = PQexec(c, "INSERT INTO kiosk_journal SELECT * FROM kiosk_stage"
			      " ON CONFLICT (event_id, device_id, seq) DO NOTHING");
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			kerr(err, "the server refused the entries: %s",
			     why(r, m));
			goto fail;
		}
		inserted = strtoll(PQcmdTuples(r), NULL, 10);
	}
	PQclear(r);
	r = NULL;
	if (inserted != n) {
		/* Some were there already: fine only if they are the same entries. */
		r = PQexec(c, "SELECT count(*) FROM kiosk_stage s JOIN kiosk_journal j"
			      " USING (event_id, device_id, seq) WHERE j.hash <> s.hash");
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			kerr(err, "cannot compare with the server: %s",
			     why(r, m));
			goto fail;
		}
		if (strcmp(PQgetvalue(r, 0, 0), "0") != 0) {
			kerr(err, "%s; the server holds other entries in seq %" PRId64 "..%" PRId64,
			     SYNC_FORK_HINT, first, last);
			goto fail;
		}
		PQclear(r);
		r = NULL;
	}
	trust_tip_sign(me, last, tip, sk, sig);
	(void)snprintf(seqs, sizeof seqs, "%" PRId64, last);
	params[0] = me;
	params[1] = seqs;
	params[2] = (const char *)tip;
	params[3] = (const char *)sig;
	params[4] = ev;
	lens[0] = lens[1] = lens[4] = 0;
	lens[2] = STORE_HASH_LEN;
	lens[3] = TRUST_SIG_LEN;
	r = PQexecParams(c, "INSERT INTO kiosk_tips(device_id, seq, hash, sig, event_id)"
			    " VALUES($1, $2::bigint, $3, $4, $5) ON CONFLICT DO NOTHING",
			 5, NULL, params, lens, fmts, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		kerr(err, "the server refused the signed tip: %s", why(r, m));
		goto fail;
	}
	PQclear(r);
	r = NULL;
	return exec_ok(c, "COMMIT", "cannot commit a push batch", err);
fail_copy:
	(void)PQputCopyEnd(c, "aborted by kiosk-sync"); /* already failing */
	PQclear(PQgetResult(c));
	PQclear(PQgetResult(c));
fail:
	(void)sqlite3_finalize(q);
	PQclear(r);
	rollback(c);
	return -1;
}

/* Highest seq up to which the server holds every entry of me. */
static int server_watermark(PGconn *c, const char *me, const char *ev, int64_t local_max,
			    int64_t *have, char err[KERR_LEN])
{
	char m[KERR_LEN], mx_s[24];
	const char *params[3] = {me, mx_s, ev};
	PGresult *r;
	int64_t cnt, mx;

	params[1] = ev;
	r = PQexecParams(c, "SELECT count(*), coalesce(max(seq), 0) FROM kiosk_journal"
			    " WHERE event_id = $2 AND device_id = $1", 2, NULL, params, NULL, NULL, 0);
	params[1] = mx_s;
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		kerr(err, "cannot read the server's watermark: %s",
		     why(r, m));
		PQclear(r);
		return -1;
	}
	cnt = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	mx = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
	PQclear(r);
	if (mx > local_max)
		return kerr(err, "%s; the server holds this device up to seq %" PRId64 ", this store "
				 "up to %" PRId64, SYNC_FORK_HINT, mx, local_max);
	*have = mx;
	if (cnt == mx)
		return 0;
	(void)snprintf(mx_s, sizeof mx_s, "%" PRId64, mx);
	r = PQexecParams(c, "SELECT g - 1 FROM generate_series(1, $2::bigint) g WHERE NOT EXISTS"
			    " (SELECT 1 FROM kiosk_journal WHERE event_id = $3 AND device_id = $1"
			    " AND seq = g) ORDER BY g LIMIT 1", 3, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		kerr(err, "cannot find the gap on the server: %s", why(r, m));
		PQclear(r);
		return -1;
	}
	*have = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

/* 0 if the server's entry me/seq has hash held (held_found: we hold it). */
static int server_hash_is(PGconn *c, const char *me, const char *ev, int64_t seq,
			  const uint8_t *held, int held_found, char err[KERR_LEN])
{
	char m[KERR_LEN], seq_s[24];
	const char *params[3] = {me, seq_s, ev};
	PGresult *r;
	int same;

	(void)snprintf(seq_s, sizeof seq_s, "%" PRId64, seq);
	r = PQexecParams(c, "SELECT hash FROM kiosk_journal WHERE event_id = $3 AND device_id = $1"
			    " AND seq = $2::bigint", 3, NULL, params, NULL, NULL, 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		kerr(err, "cannot read the server's watermark: %s", why(r, m));
		PQclear(r);
		return -1;
	}
	same = held_found && PQntuples(r) == 1 && PQgetlength(r, 0, 0) == STORE_HASH_LEN &&
	       sodium_memcmp(held, PQgetvalue(r, 0, 0), STORE_HASH_LEN) == 0;
	PQclear(r);
	if (!same)
		return kerr(err, "%s; the server's entry %" PRId64 " differs", SYNC_FORK_HINT, seq);
	return 0;
}

struct pgsync_conn {
	PGconn *c;
	char url[PGSYNC_URL_MAX];
	int staged;      /* the session's staging table exists */
};

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

int pgsync_push(struct store *st, const char *data_dir, const char *url, int batch,
		int64_t now_ms, struct sync_stats *stats, sync_progress_fn progress, void *ctx,
		char err[KERR_LEN])
{
	struct pgsync_conn *pc = NULL;
	int rc;

	memset(stats, 0, sizeof *stats);
	/* Local checks first: a device without its key should hear that, not a
	 * connection error. */
	if (trust_migrate(st, err) != 0 || trust_ensure_root(st, data_dir, now_ms, err) < 0)
		return -1;
	if (pgsync_conn_open(&pc, url, 10, err) != 0)
		return -1;
	rc = pgsync_push_on(pc, st, data_dir, batch, now_ms, stats, progress, ctx, err);
	pgsync_conn_close(pc);
	return rc;
}

/* Before anything is written: the login role must be this device's, of this
 * store's event (a role of another event or device is refused with one line).
 * An unmapped role (the owner) pushing the organizer's store registers the
 * organizer's device for its event, so the doors' roles may read its rows. */
static int check_identity(PGconn *c, const char *me, const char *ev, int is_root,
			  char err[KERR_LEN])
{
	char m[KERR_LEN];
	const char *params[2] = {me, ev};
	PGresult *r = PQexec(c, "SELECT kiosk_role_event(current_user),"
				" kiosk_role_device(current_user), current_user");
	int rc = 0;

	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		kerr(err, "cannot look up this role on the server: %s", why(r, m));
		PQclear(r);
		return -1;
	}
	if (!PQgetisnull(r, 0, 0)) {
		if (strcmp(PQgetvalue(r, 0, 1), me) != 0)
			rc = kerr(err, "refused: role '%s' is enrolled for device '%s', not this device "
				       "'%s'; nothing was pushed", PQgetvalue(r, 0, 2),
				  PQgetvalue(r, 0, 1), me);
		else if (strcmp(PQgetvalue(r, 0, 0), ev) != 0)
			rc = kerr(err, "refused: this database enrols role '%s' for event '%s', not this "
				       "store's event '%s'; nothing was pushed", PQgetvalue(r, 0, 2),
				  PQgetvalue(r, 0, 0), ev);
		PQclear(r);
		return rc;
	}
	PQclear(r);
	if (!is_root)
		return 0;
	r = PQexecParams(c, "INSERT INTO kiosk_devices(role, device_id, event_id, kind)"
			    " VALUES(NULL, $1, $2, 'organizer') ON CONFLICT DO NOTHING",
			 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = kerr(err, "this role is not enrolled for any device of this database (run "
			       "'kiosk-sync pg-enrol' as the owner): %s", why(r, m));
	PQclear(r);
	return rc;
}

int pgsync_push_on(struct pgsync_conn *pc, struct store *st, const char *data_dir, int batch,
		   int64_t now_ms, struct sync_stats *stats, sync_progress_fn progress, void *ctx,
		   char err[KERR_LEN])
{
	const char *me = store_device_id(st);
	char m[KERR_LEN], ev[SEGMENT_EVENT_MAX], root[STORE_DEVICE_ID_MAX + 1], url[PGSYNC_URL_MAX];
	uint8_t sk[TRUST_SK_LEN], held[STORE_HASH_LEN];
	struct segbuf b = {0};
	PGconn *c = pc->c;
	int64_t have = 0, max, from;
	int rc = -1, h;

	memset(stats, 0, sizeof *stats);
	if (batch < 1)
		batch = PGSYNC_BATCH_DEFAULT;
	if (trust_migrate(st, err) != 0 || trust_ensure_root(st, data_dir, now_ms, err) < 0 ||
	    trust_self_secret(st, data_dir, sk, err) != 0 || bundle_local_max(st, me, &max, err) != 0 ||
	    bundle_event_id(st, ev) != 0 || trust_root(st, root, err) < 0)
		goto out;
	pgsync_url_redact(pc->url, url, sizeof url);
	if (check_identity(c, me, ev, strcmp(root, me) == 0, err) != 0)
		goto out;
	/* The server's watermark: where the last successful batch ended, or the
	 * end of the first gap if the owner removed rows (the push refills it;
	 * rows already there are skipped and compared). */
	if (server_watermark(c, me, ev, max, &have, err) != 0)
		goto out;
	if (have > 0) {
		h = bundle_held_hash(st, me, have, held, err);
		if (h < 0 || server_hash_is(c, me, ev, have, held, h, err) != 0)
			goto out;
	}
	if (have < max && !pc->staged) {
		if (exec_ok(c, "CREATE TEMP TABLE IF NOT EXISTS kiosk_stage"
			       " (LIKE kiosk_journal) ON COMMIT DELETE ROWS",
			    "cannot create the staging table", err) != 0)
			goto out;
		pc->staged = 1;
	}
	for (from = have + 1; from <= max; from += batch) {
		int64_t to = from + batch - 1 < max ? from + batch - 1 : max;

		if (push_batch(c, st, me, ev, from, to, sk, &b, err) != 0)
			goto out;
		stats->pushed += to - from + 1;
		stats->segments++;
		if (!stats->first)
			stats->first = from;
		stats->last = to;
		if (progress)
			progress(ctx, to - have, max - have);
		/* Committed on the server; a failure to note it only makes status stale. */
		if (bundle_note(st, 1, url, now_ms, to, m) != 0) {
			kerr(err, "pushed, but cannot record it: %s", m);
			goto out;
		}
	}
	if (have == max && bundle_note(st, 1, url, now_ms, max, err) != 0)
		goto out;
	rc = 0;
out:
	free(b.buf);
	sodium_memzero(sk, sizeof sk);
	return rc;
}

/* ---- pull ----------------------------------------------------------------- */

static int64_t get_i64(const PGresult *r, int row, int col)
{
	uint64_t be;

	memcpy(&be, PQgetvalue(r, row, col), 8);
	return (int64_t)be64toh(be);
}

/* Fetch device's entries after `after` up to the signed tip and apply them. */
static int pull_device(PGconn *c, struct store *st, const char *ev, const char *dev,
		       int64_t tip_seq, const uint8_t *tip_hash, const uint8_t *tip_sig,
		       struct sync_stats *stats, char err[KERR_LEN])
{
	char m[KERR_LEN], after_s[24], tip_s[24], where[96];
	uint8_t prev[STORE_HASH_LEN] = {0}, held[STORE_HASH_LEN];
	struct segment seg;
	const char *params[4];
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
	params[3] = ev;
	r = PQexecParams(c, "SELECT seq, at_ms, kind, body, hash FROM kiosk_journal"
			    " WHERE event_id = $4 AND device_id = $1 AND seq > $2::bigint"
			    " AND seq <= $3::bigint ORDER BY seq", 4, NULL, params, NULL, NULL, 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		kerr(err, "cannot read %s: %s", where, why(r, m));
		rc = -2; /* the server's trouble, not the device's */
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
	(void)snprintf(seg.event, sizeof seg.event, "%s", ev);
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
	char root[STORE_DEVICE_ID_MAX + 1], ev[SEGMENT_EVENT_MAX], red[PGSYNC_URL_MAX];
	const char *params[1] = {ev};
	PGconn *c = NULL;
	PGresult *r = NULL;
	int i, n, pass, rc = -1, rr, in_tx = 0, done = 0;

	memset(stats, 0, sizeof *stats);
	if (trust_migrate(st, err) != 0 || trust_root(st, root, err) < 0 ||
	    bundle_event_id(st, ev) != 0)
		return -1;
	if (!root[0])
		return kerr(err, "this store has no organizer device yet (run 'kiosk device add' here "
				 "first, or 'kiosk device join')");
	c = connect_url(url, 10, err);
	if (!c || ensure_schema(c, err) != 0)
		goto out;
	/* Latest signed tip per device of this event only: rows beyond it are a
	 * batch still being written, or unsigned, and wait for the next pull. */
	r = PQexecParams(c, "SELECT DISTINCT ON (device_id) device_id, seq, hash, sig FROM kiosk_tips"
			    " WHERE event_id = $1 ORDER BY device_id, seq DESC",
			 1, NULL, params, NULL, NULL, 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		char m[KERR_LEN];

		kerr(err, "cannot read the server's tips: %s", why(r, m));
		goto out;
	}
	n = PQntuples(r);
	if (syncdb_bulk(st, err) != 0 || store_begin(st, err) != 0)
		goto out;
	in_tx = 1;
	/* The organizer's rows first: they carry the enrolments of the others.
	 * Each device all-or-nothing; a refused one never stops the others. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			const char *dev = PQgetvalue(r, i, 0);
			struct sync_stats before = *stats;
			char m[KERR_LEN];

			if (strcmp(dev, store_device_id(st)) == 0 ||
			    (strcmp(dev, root) == 0) != (pass == 0))
				continue;
			stats->devices++;
			if (!trust_id_is_valid(dev) || PQgetlength(r, i, 1) != 8 ||
			    PQgetlength(r, i, 2) != STORE_HASH_LEN ||
			    PQgetlength(r, i, 3) != TRUST_SIG_LEN) {
				sync_stats_refuse(stats, trust_id_is_valid(dev) ? dev : "(bad id)",
						  "malformed tip row on the server");
				continue;
			}
			if (store_savepoint(st, err) != 0)
				goto out;
			rr = pull_device(c, st, ev, dev, get_i64(r, i, 1),
					 (const uint8_t *)PQgetvalue(r, i, 2),
					 (const uint8_t *)PQgetvalue(r, i, 3), stats, m);
			if (rr == -2 || (rr != 0 && PQstatus(c) != CONNECTION_OK)) {
				/* A server that fails or stalls refuses nobody: the whole
				 * pull stops with one line and nothing applied. */
				kerr(err, "%s; nothing was imported", m);
				goto out;
			}
			if (rr != 0) {
				store_savepoint_rollback(st);
				stats->added = before.added;
				stats->held = before.held;
				stats->segments = before.segments;
				sync_stats_refuse(stats, dev, m);
			} else if (store_savepoint_release(st, err) != 0) {
				goto out;
			}
			if (progress)
				progress(ctx, ++done, n);
		}
		/* A rotation in the organizer's rows signs what follows (revocations). */
		if (pass == 0 && keys_adopt(st, err) < 0)
			goto out;
	}
	pgsync_url_redact(url, red, sizeof red);
	if (keys_adopt(st, err) < 0 || bundle_note(st, 0, red, now_ms, 0, err) != 0 ||
	    store_commit(st, err) != 0)
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
