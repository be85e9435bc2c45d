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

#include "io/dfile.h"
#include "segment.h"
#include "store/keys.h"
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
		kerr(err, "cannot connect to PostgreSQL: %s", pg_first_line(PQerrorMessage(c), m));
		PQfinish(c);
		return NULL;
	}
	(void)PQsetNoticeProcessor(c, quiet_notice, NULL); /* returns the old one */
	return c;
}

/* The server's reason, and for a timeout what it means. */
const char *pg_why(const PGresult *r, char m[KERR_LEN])
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	char first[KERR_LEN];

	pg_first_line(PQresultErrorMessage(r), first);
	if (state && (strcmp(state, "57014") == 0 || strcmp(state, "55P03") == 0))
		(void)snprintf(m, KERR_LEN, "timed out after %d s: the server is stalled or a lock"
			       " is held by another session (%.120s); try again later or raise"
			       " --timeout", timeout_s, first);
	else
		(void)snprintf(m, KERR_LEN, "%s", first);
	return m;
}

/* Run sql (no parameters) expecting a command or rows. Returns 0 or -1. */
int pg_exec_ok(PGconn *c, const char *sql, const char *what, char err[KERR_LEN])
{
	char m[KERR_LEN];
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		kerr(err, "%s: %s", what, pg_why(r, m));
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

/* Version 3: kiosk_double_entries per event, and only guests let in while
 * already inside (an entry whose previous standing movement is an entry);
 * a guest who went out and came back (issue 16) is not one, and an undone
 * check-in does not count. Only the view changes: a v2 server still takes
 * pushes and pulls from this version. */
static const char schema_v3[] =
	"DROP VIEW kiosk_double_entries;"
	"CREATE VIEW kiosk_double_entries WITH (security_invoker = true) AS"
	" WITH m AS (SELECT j.event_id, j.body::json->>'id' AS attendee_id, j.device_id, j.seq,"
	"   j.at_ms, j.body::json->>'door' AS door, j.kind <> 'exit' AS entering"
	"  FROM kiosk_journal j WHERE j.kind IN ('checkin', 'walkin', 'exit')"
	"   AND NOT EXISTS (SELECT 1 FROM kiosk_journal u WHERE u.kind = 'checkin_undone'"
	"    AND u.event_id = j.event_id AND u.body::json->>'device_id' = j.device_id"
	"    AND u.body::json->>'seq' = j.seq::text)),"
	" r AS (SELECT m.*, lag(m.entering) OVER (PARTITION BY m.event_id, m.attendee_id"
	"   ORDER BY m.at_ms, m.device_id, m.seq) AS prev FROM m)"
	" SELECT r.event_id, r.attendee_id, r.device_id, r.seq, r.at_ms, r.door FROM r"
	" WHERE r.entering AND EXISTS (SELECT 1 FROM r x WHERE x.event_id = r.event_id"
	"  AND x.attendee_id = r.attendee_id AND x.entering AND x.prev);"
	"GRANT SELECT ON kiosk_double_entries TO kiosk_device;";

/* Version 4: kiosk_walkin_duplicates, the server's side of the stores'
 * walkin_duplicates view (store/schema.c, GROUP_OF): two doors that could
 * not see each other may each register one person as a walk-in. Per event,
 * the attendees with one phone (by its blind index, never the phone: the
 * index is the event's, so two events never match) are one guest: the roster
 * guest with it if there is one, else the earliest walk-in by (at_ms,
 * device_id, seq); each of its other walk-ins repeats it. A roster row's
 * index is its latest attendee_updated's (by at_ms, device_id, seq) when that
 * carries one, as the stores apply them. Every attendee of a guest with a
 * repeat is a row (the guest first in the rule's order), with the columns of
 * the stores' view and its event: what an organizer reporting from the
 * server needs, and no personal field. It reads with the caller's rights
 * (security_invoker, as kiosk_double_entries since version 2): a device role
 * sees the groups of the rows row-level security lets it read, never another
 * event's; a view with its owner's rights would show every event to every
 * role. Only a view is added: device roles keep pushing to a v3 server. */
static const char schema_v4[] =
	"CREATE VIEW kiosk_walkin_duplicates WITH (security_invoker = true) AS"
	" WITH u AS (SELECT DISTINCT ON (j.event_id, j.body::json->>'id') j.event_id,"
	"   j.body::json->>'id' AS attendee_id, j.body::json->>'phone_bi' AS phone_bi"
	"  FROM kiosk_journal j WHERE j.kind = 'attendee_updated'"
	"  ORDER BY j.event_id, j.body::json->>'id', j.at_ms DESC, j.device_id COLLATE \"C\" DESC,"
	"   j.seq DESC),"
	" a AS (SELECT j.event_id, j.body::json->>'id' AS attendee_id, j.kind = 'walkin' AS walkin,"
	"   j.at_ms, j.device_id, j.seq, j.body::json->>'door' AS door,"
	"   coalesce(u.phone_bi, j.body::json->>'phone_bi') AS phone_bi"
	"  FROM kiosk_journal j LEFT JOIN u ON u.event_id = j.event_id"
	"   AND u.attendee_id = j.body::json->>'id'"
	"  WHERE j.kind IN ('attendee_added', 'walkin')),"
	" g AS (SELECT a.*, first_value(a.attendee_id) OVER w AS guest_id,"
	"   first_value(a.walkin) OVER w AS guest_walkin,"
	"   count(*) FILTER (WHERE a.walkin) OVER (PARTITION BY a.event_id, a.phone_bi) AS walkins"
	"  FROM a WHERE a.phone_bi IS NOT NULL"
	"  WINDOW w AS (PARTITION BY a.event_id, a.phone_bi"
	"   ORDER BY a.walkin, a.at_ms, a.device_id COLLATE \"C\", a.seq))"
	" SELECT g.event_id, g.guest_id, g.attendee_id, g.attendee_id = g.guest_id AS is_guest,"
	"  g.walkin, g.at_ms, g.device_id, g.seq, g.door,"
	"  g.walkins - g.guest_walkin::int + 1 AS times"
	" FROM g WHERE (g.walkin OR g.attendee_id = g.guest_id)"
	"  AND g.walkins > g.guest_walkin::int;"
	"GRANT SELECT ON kiosk_walkin_duplicates TO kiosk_device;";

/* Version 5: an organizer's role spans its events. A seller who runs a
 * meetup every month starts each in the same store (kiosk init --new), with
 * the same organizer device: its role was bound to the first event, and a
 * role was never moved, so the organizer could push no later event with it.
 * Now kiosk_devices may map one role to one device in several events (only
 * an organizer's: pg-enrol refuses it for doors and desks), and the
 * policies read the role's events as a set. A door's or desk's role is one
 * event as before, so what it may read does not change. Safe to run again
 * (a server wound back by hand). */
static const char schema_v5[] =
	"DROP INDEX IF EXISTS kiosk_devices_role;"
	"CREATE UNIQUE INDEX IF NOT EXISTS kiosk_devices_role_event ON kiosk_devices(role, event_id);"
	"CREATE OR REPLACE FUNCTION kiosk_role_events(r name) RETURNS SETOF text LANGUAGE sql STABLE"
	" SECURITY DEFINER SET search_path FROM CURRENT AS"
	" $$ SELECT event_id FROM kiosk_devices WHERE role = r $$;"
	"DROP POLICY IF EXISTS kiosk_read ON kiosk_journal;"
	"DROP POLICY IF EXISTS kiosk_insert_own ON kiosk_journal;"
	"DROP POLICY IF EXISTS kiosk_read ON kiosk_tips;"
	"DROP POLICY IF EXISTS kiosk_insert_own ON kiosk_tips;"
	"CREATE POLICY kiosk_read ON kiosk_journal FOR SELECT USING ("
	" event_id IN (SELECT kiosk_role_events(current_user))"
	" AND device_id IN (SELECT kiosk_readable(current_user)));"
	"CREATE POLICY kiosk_insert_own ON kiosk_journal FOR INSERT WITH CHECK ("
	" event_id IN (SELECT kiosk_role_events(current_user))"
	" AND device_id = (SELECT kiosk_role_device(current_user)));"
	"CREATE POLICY kiosk_read ON kiosk_tips FOR SELECT USING ("
	" event_id IN (SELECT kiosk_role_events(current_user))"
	" AND device_id IN (SELECT kiosk_readable(current_user)));"
	"CREATE POLICY kiosk_insert_own ON kiosk_tips FOR INSERT WITH CHECK ("
	" event_id IN (SELECT kiosk_role_events(current_user))"
	" AND device_id = (SELECT kiosk_role_device(current_user)));";

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
		kerr(err, "cannot read the schema version: %s", pg_why(r, m));
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
	if (v < 2 && (pg_exec_ok(c, schema_v2, "cannot migrate the kiosk schema to version 2", err) != 0 ||
		      pg_exec_ok(c, "UPDATE kiosk_meta SET value = '2' WHERE key = 'schema_version'",
			      "cannot record the schema version", err) != 0))
		goto fail;
	if (v < 3 && (pg_exec_ok(c, schema_v3, "cannot migrate the kiosk schema to version 3", err) != 0 ||
		      pg_exec_ok(c, "UPDATE kiosk_meta SET value = '3' WHERE key = 'schema_version'",
			      "cannot record the schema version", err) != 0))
		goto fail;
	if (v < 4 && (pg_exec_ok(c, schema_v4, "cannot migrate the kiosk schema to version 4", err) != 0 ||
		      pg_exec_ok(c, "UPDATE kiosk_meta SET value = '4' WHERE key = 'schema_version'",
			      "cannot record the schema version", err) != 0))
		goto fail;
	if (v < 5 && (pg_exec_ok(c, schema_v5, "cannot migrate the kiosk schema to version 5", err) != 0 ||
		      pg_exec_ok(c, "UPDATE kiosk_meta SET value = '5' WHERE key = 'schema_version'",
			      "cannot record the schema version", err) != 0))
		goto fail;
	/* Later versions: `if (v < 6) ...` here, never editing schema_v1 .. v5. */
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
	if (migrate(c, m) != 0) {
		if (v >= 2) /* v3-v5 changed views and what an organizer's role may
			     * span: a device role carries on */
			return 0;
		return kerr(err, "the database has no current kiosk schema and this role cannot "
				 "create it (run 'kiosk-sync pg-setup --to URL' as the owner): %s", m);
	}
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
		kerr(err, "cannot quote the role name: %s", pg_first_line(PQerrorMessage(c), m));
		goto out;
	}
	params[0] = role;
	r = PQexecParams(c, "SELECT 1 FROM pg_roles WHERE rolname = $1", 1, NULL, params, NULL,
			 NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		kerr(err, "cannot look up role '%s': %s", role, pg_why(r, m));
		goto out;
	}
	exists = PQntuples(r) > 0;
	PQclear(r);
	/* A door's or desk's role is one device of one event for good: moving
	 * it to another event (a mistyped --event) would cut the device off its
	 * own rows. An organizer's role gains the event beside its others
	 * (kiosk init --new keeps the organizer's device). */
	r = PQexecParams(c, "SELECT event_id, kind, device_id FROM kiosk_devices WHERE role = $1",
			 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		kerr(err, "cannot look up role '%s': %s", role, pg_why(r, m));
		goto out;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		if (strcmp(PQgetvalue(r, i, 0), event_id) == 0)
			continue;
		if (strcmp(kind, "organizer") == 0 && strcmp(PQgetvalue(r, i, 1), "organizer") == 0 &&
		    strcmp(PQgetvalue(r, i, 2), device_id) == 0)
			continue;
		kerr(err, "refused: role '%s' is enrolled for event '%s', not '%s'%s; nothing was "
			  "changed", role, PQgetvalue(r, i, 0), event_id,
		     strcmp(kind, "organizer") == 0 ? " (as a door or desk)" : "");
		goto out;
	}
	if (pg_exec_ok(c, "BEGIN", "cannot enrol the device", err) != 0)
		goto out;
	(void)snprintf(sql, sizeof sql, "%s ROLE %s LOGIN%s%s", exists ? "ALTER" : "CREATE", ident,
		       lit_pw ? " PASSWORD " : "", lit_pw ? lit_pw : "");
	if (pg_exec_ok(c, sql, "cannot create the device's role", err) != 0)
		goto fail;
	(void)snprintf(sql, sizeof sql, "GRANT kiosk_device TO %s", ident);
	if (pg_exec_ok(c, sql, "cannot grant the device role", err) != 0)
		goto fail;
	/* One role, one device of an event ('kind' decides what it may read). */
	(void)snprintf(sql, sizeof sql,
		       "DELETE FROM kiosk_devices WHERE role = %s AND event_id = %s AND device_id <> %s;"
		       "INSERT INTO kiosk_devices(role, device_id, event_id, kind)"
		       " VALUES(%s, %s, %s, '%s') ON CONFLICT (event_id, device_id)"
		       " DO UPDATE SET role = EXCLUDED.role, kind = EXCLUDED.kind",
		       lit_role, lit_ev, lit_id, lit_role, lit_id, lit_ev, kind);
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
static int pull_device(PGconn *c, struct store *st, const char *ev, const char *dev,
		       int64_t tip_seq, const uint8_t *tip_hash, const uint8_t *tip_sig,
		       struct sync_stats *stats, char err[KERR_LEN])
{
	char m[KERR_LEN], after_s[24], tip_s[24], where[96];
	uint8_t prev[STORE_HASH_LEN] = {0}, held[STORE_HASH_LEN];
	struct trust_cut cut;
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
	/* A revoked device: what the server holds past its cut-off is refused
	 * (noted the same whether or not it is held here); when nothing up to
	 * the cut-off is missing, its rows are not even fetched. */
	h = trust_cut(st, dev, &cut, m);
	if (h < 0)
		return kerr(err, "%s: %s", where, m);
	if (h == 1 && after >= cut.cutoff) {
		if (tip_seq > cut.cutoff) {
			stats->cut_pending += tip_seq - cut.cutoff;
			stats->cut_upto = cut.cutoff;
		}
		return 0;
	}
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
		kerr(err, "cannot read %s: %s", where, pg_why(r, m));
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
	char root[STORE_DEVICE_ID_MAX + 1], ev[SEGMENT_EVENT_MAX], *held = NULL;
	const char *params[1];
	PGconn *c = NULL;
	PGresult *r = NULL;
	int i, n, pass, rc = -1, rr, in_tx = 0, done = 0;

	memset(stats, 0, sizeof *stats);
	if (trust_migrate(st, err) != 0 || trust_root(st, root, err) < 0 ||
	    bundle_event_id(st, ev) != 0 || syncdb_events_held(st, ev, &held, err) != 0)
		return -1;
	params[0] = held;
	if (!root[0])
		return kerr(err, "this store has no organizer device yet (run 'kiosk device add' here "
				 "first, or 'kiosk device join')");
	c = connect_url(url, 10, err);
	if (!c || ensure_schema(c, err) != 0)
		goto out;
	/* Latest signed tip per device of this event, and of the earlier events
	 * this store holds (kiosk init --new: a door of last month's meetup that
	 * pushed late); rows beyond it are a batch still being written, or
	 * unsigned, and wait for the next pull. A device's rows are read from
	 * the event of its latest tip, which holds its whole chain (a push's
	 * watermark is per event). A device role sees its own event only. */
	r = PQexecParams(c, "SELECT DISTINCT ON (device_id) device_id, seq, hash, sig, event_id"
			    " FROM kiosk_tips WHERE event_id = ANY($1::text[])"
			    " ORDER BY device_id, seq DESC, event_id",
			 1, NULL, params, NULL, NULL, 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		char m[KERR_LEN];

		kerr(err, "cannot read the server's tips: %s", pg_why(r, m));
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
			    PQgetlength(r, i, 4) >= SEGMENT_EVENT_MAX ||
			    PQgetlength(r, i, 2) != STORE_HASH_LEN ||
			    PQgetlength(r, i, 3) != TRUST_SIG_LEN) {
				sync_stats_refuse(stats, trust_id_is_valid(dev) ? dev : "(bad id)",
						  "malformed tip row on the server");
				continue;
			}
			if (store_savepoint(st, err) != 0)
				goto out;
			rr = pull_device(c, st, PQgetvalue(r, i, 4), dev, get_i64(r, i, 1),
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
				stats->cut_pending = before.cut_pending;
				sync_stats_refuse(stats, dev, m);
			} else if (store_savepoint_release(st, err) != 0) {
				goto out;
			} else {
				sync_stats_cut_flush(stats, dev);
			}
			if (progress)
				progress(ctx, ++done, n);
		}
		/* A rotation in the organizer's rows signs what follows (revocations). */
		if (pass == 0 && keys_adopt(st, err) < 0)
			goto out;
	}
	if (keys_adopt(st, err) < 0 || sync_stats_cuts_apply(st, stats, err) != 0 ||
	    bundle_note(st, 0, url, now_ms, 0, err) != 0 || store_commit(st, err) != 0)
		goto out;
	in_tx = 0;
	rc = 0;
out:
	if (in_tx)
		store_rollback(st);
	PQclear(r);
	PQfinish(c);
	free(held);
	return rc;
}
