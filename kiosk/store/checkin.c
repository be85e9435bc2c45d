/* checkin.c - one scanned code through the door: facts from the store, the
 * verdict from the pure core, then the journal entry; the caller may show the
 * verdict only after checkin_perform returned 0 (the entry is committed).
 * Adapter glue: store + keys + ticket + verdict. No SDL. */
#include "checkin.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/jsonw.h"
#include "core/place.h"
#include "core/utf8.h"
#include "keys.h"
#include "vault.h"
#include "visits.h"
#include "db.h"
#include "store.h"
#include "core/ticket.h"

/* People arrive early; the door opens this long before the window starts. */
#define DOOR_EARLY_MS (2 * 3600 * 1000LL)
/* A movement stamped this much or less before the guest's latest one was
 * stamped before the write lock it then waited for (the busy timeout is
 * 5 s): it happened after that one, and is journaled just after it. */
#define MOVE_LOCK_WAIT_MS 10000
/* Longest code kept in the journal: scanners can send junk. */
#define CODE_KEEP 512
#define DEFAULT_DOOR "door 1"

struct facts {
	char event_id[32];
	int64_t starts_ms, ends_ms; /* 0 when the event has no window */
	char code[CODE_KEEP + 1];
	char place[PLACE_NAME_MAX + 1]; /* the door or station, checked and trimmed */
	int code_known;                 /* code is a ticket or a roster code */
};

static int64_t meta_int(struct store *st, const char *key)
{
	char buf[32];

	if (store_meta_get(st, key, buf, sizeof buf) <= 0)
		return 0;
	return strtoll(buf, NULL, 10);
}

static void copy_col(char *dst, size_t cap, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	(void)snprintf(dst, cap, "%s", t ? (const char *)t : "");
}

/* Find the attendee by event serial (sql_by = "serial") or by an imported
 * code. Fills res and in. Returns 1 found, 0 not, -1 error. */
#define ATTENDEE_COLS "SELECT a.id, a.name, coalesce(a.phone,''), a.type, a.type_id," \
	" EXISTS(SELECT 1 FROM revocations r WHERE r.attendee_id=a.id)" \
	" FROM attendees_pii a WHERE "
static const char sql_by_serial[] = ATTENDEE_COLS "a.event_id=?1 AND a.serial=?2";
/* +: the code's index finds the row; SQLite without statistics took the
 * event's (every guest of it: 0.9 s a scan at a million guests) */
static const char sql_by_code[] = ATTENDEE_COLS "+a.event_id=?1 AND "
	CODE_MATCHES("a.code", "?2") CODE_EXACT_FIRST("a.code", "?2");
static const char sql_by_id[] = ATTENDEE_COLS "a.event_id=?1 AND a.id=?2";

/* Find the attendee with one of the queries above; serial is bound when
 * non-zero, else f->code. Fills res and in. Returns 1 found, 0 not, -1 error. */
static int find_attendee(struct store *st, const struct facts *f, const char *sql,
			 int64_t serial, struct checkin_result *res, struct verdict_input *in,
			 int *type_id, char err[KERR_LEN])
{
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc, found = 0;

	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, f->event_id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    (serial ? sqlite3_bind_int64(s, 2, serial) :
		      sqlite3_bind_text(s, 2, f->code, -1, SQLITE_STATIC)) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot look up the roster: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		copy_col(res->attendee_id, sizeof res->attendee_id, s, 0);
		copy_col(res->name, sizeof res->name, s, 1);
		copy_col(res->phone, sizeof res->phone, s, 2);
		copy_col(res->ticket_type, sizeof res->ticket_type, s, 3);
		*type_id = sqlite3_column_int(s, 4);
		in->in_roster = 1;
		in->revoked = sqlite3_column_int(s, 5);
		found = 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kerr(err, "cannot look up the roster: %s", sqlite3_errmsg(store_db(st)));
	return found;
}

/* The attendee whose id is f->code, found by a volunteer (the door's search,
 * checkin --attendee) rather than scanned: no signature to check, and the
 * journal keeps scanned codes only. Fills res and in. Returns 1, or -1 with
 * err (an id nobody in this event has is an error: it came from the store). */
static int find_by_id(struct store *st, struct facts *f, struct checkin_result *res,
		      struct verdict_input *in, char err[KERR_LEN])
{
	int type_id = 0, r = find_attendee(st, f, sql_by_id, 0, res, in, &type_id, err);

	if (r == 0)
		return kerr(err, "no attendee '%s' in this event", f->code);
	if (r > 0) {
		in->decodes = in->is_roster_code = 1;
		f->code[0] = '\0';
	}
	return r;
}

/* 1 if type is in the door's comma-separated allowed list, or the door admits all. */
static int door_admits(struct store *st, const char *door, const char *type, char err[KERR_LEN])
{
	static const char sql[] = "SELECT allowed FROM doors WHERE name=?1";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc, ok = 1;

	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, door, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot read the door settings: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		const char *list = (const char *)sqlite3_column_text(s, 0);
		size_t n = strlen(type);
		const char *p = list;

		ok = 0;
		while (p && *p) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);

			if (len == n && strncasecmp(p, type, n) == 0) {
				ok = 1;
				break;
			}
			p = comma ? comma + 1 : NULL;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kerr(err, "cannot read the door settings: %s", sqlite3_errmsg(store_db(st)));
	return ok;
}

/* Where the guest is: 1 inside (their latest movement is a standing
 * check-in), 0 not (never came, or went out), -1 error. When inside, res gets
 * the first standing check-in of this visit (after their last exit); when they
 * went out, *was_out is 1. *at_ms, the time the caller stamped its movement
 * with before it took the write lock, becomes a millisecond after the
 * latest movement when that one is later by at most MOVE_LOCK_WAIT_MS: the
 * movements are read in time order, and a check-in stamped before an exit
 * another process journaled while it waited for the lock read, by time,
 * as the guest's entry before that exit (the guest shown outside, and let
 * in again by the next scan). */
static int guest_state(struct store *st, const char *id, struct checkin_result *res,
		       int *was_out, int64_t *at_ms, char err[KERR_LEN])
{
	static const char sql_last[] =
		"SELECT entering, at_ms FROM movements WHERE attendee_id=?1"
		" ORDER BY at_ms DESC, device_id DESC, seq DESC LIMIT 1";
	static const char sql_first[] =
		"SELECT at_ms, door, device_id FROM active_checkins c WHERE attendee_id=?1"
		" AND NOT EXISTS (SELECT 1 FROM exits e WHERE e.attendee_id=?1"
		"   AND (e.at_ms, e.device_id, e.seq) > (c.at_ms, c.device_id, c.seq))"
		" ORDER BY at_ms, device_id, seq LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql_last, err);
	int rc, inside = 0;

	*was_out = 0;
	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot read check-ins: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		int64_t last = sqlite3_column_int64(s, 1);

		inside = sqlite3_column_int(s, 0);
		*was_out = !inside;
		if (last >= *at_ms && last - *at_ms <= MOVE_LOCK_WAIT_MS)
			*at_ms = last + 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kerr(err, "cannot read check-ins: %s", sqlite3_errmsg(store_db(st)));
	if (!inside)
		return 0;
	if (!(s = store_stmt(st, sql_first, err)))
		return -1;
	if (sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot read check-ins: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		res->first_at_ms = sqlite3_column_int64(s, 0);
		copy_col(res->first_door, sizeof res->first_door, s, 1);
		copy_col(res->first_device, sizeof res->first_device, s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kerr(err, "cannot read check-ins: %s", sqlite3_errmsg(store_db(st)));
	return 1;
}

static void trim_code(const char *code, char out[CODE_KEEP + 1])
{
	size_t n;

	while (*code && isspace((unsigned char)*code))
		code++;
	n = strlen(code);
	while (n > 0 && isspace((unsigned char)code[n - 1]))
		n--;
	if (n > CODE_KEEP)
		n = CODE_KEEP;
	memcpy(out, code, n);
	out[n] = '\0';
}

/* The rest of the verdict once the attendee is known: revoked, window, door, used. */
static int judge_known(struct store *st, const char *door, struct verdict_input *in,
		       struct checkin_result *res, int64_t *at_ms, char err[KERR_LEN])
{
	int r;

	if ((r = door_admits(st, door, res->ticket_type, err)) < 0)
		return -1;
	in->type_allowed = r;
	if ((r = guest_state(st, res->attendee_id, res, &res->reentry, at_ms, err)) < 0)
		return -1;
	in->already_in = r;
	return 0;
}

/* The scanned code in the journal entry. A ticket or a roster code is kept
 * as it is ("code"). Anything else (a vCard, a wallet or Wi-Fi QR shown by
 * mistake, scanner junk, bytes that are not UTF-8) may hold a guest's name,
 * phone or address, and the journal syncs in clear to sticks and servers: it
 * keeps only "code_head" (ticket_foreign_head: a few letters, no digits),
 * "code_len", and "code_bi", a blind index keyed by the event's data
 * key (the same junk scanned twice has the same index; without the key it
 * cannot be guessed back), left out when the store has no key in memory.
 * Returns 0, or -1 with err. */
static int put_code(struct store *st, struct jsonw *w, const struct facts *f,
		    char err[KERR_LEN])
{
	char head[TICKET_FOREIGN_HEAD + 1], bi[VAULT_BLIND_HEX];
	size_t n = ticket_foreign_head(f->code);

	if (!f->code[0])
		return 0;
	if (f->code_known) {
		jsonw_str(w, "code", f->code);
		return 0;
	}
	memcpy(head, f->code, n);
	head[n] = '\0';
	jsonw_str(w, "code_head", head);
	jsonw_int(w, "code_len", (int64_t)strlen(f->code));
	if (vault_is_unlocked(st)) {
		if (vault_blind(st, "scan", f->code, bi, err) != 0)
			return -1;
		jsonw_str(w, "code_bi", bi);
	}
	return 0;
}

/* Journal the verdict; only after this succeeds may anything be shown. */
static int journal(struct store *st, const struct facts *f, const char *door, int64_t now_ms,
		   struct checkin_result *res, char err[KERR_LEN])
{
	char body[2048];
	struct jsonw w;
	const char *kind = res->verdict == VERDICT_OK ? "checkin" : "checkin_rejected";

	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "event", f->event_id);
	if (res->attendee_id[0])
		jsonw_str(&w, "id", res->attendee_id);
	jsonw_str(&w, "door", door);
	if (put_code(st, &w, f, err) != 0)
		return -1;
	if (res->verdict == VERDICT_USED)
		jsonw_str(&w, "reason", "already_in");
	else if (res->verdict == VERDICT_REJECTED)
		jsonw_str(&w, "reason", reason_name(res->reason));
	if (jsonw_end(&w) != 0)
		return kerr(err, "journal entry too large");
	return store_append(st, now_ms, kind, body, &res->seq, err);
}

static int load_facts(struct store *st, struct facts *f, char err[KERR_LEN])
{
	if (store_meta_get(st, "event_id", f->event_id, sizeof f->event_id) <= 0)
		return kerr(err, "no event in this store (kiosk init)");
	f->starts_ms = meta_int(st, "starts_ms");
	f->ends_ms = meta_int(st, "ends_ms");
	return 0;
}

/* Common start of both entry points: clear the outputs, pick the door, read
 * the event, and keep `text` (code or attendee id) trimmed in f->code. */
static int start(struct store *st, const char *text, const char **door, int64_t now_ms,
		 struct facts *f, struct verdict_input *in, struct checkin_result *res,
		 char err[KERR_LEN])
{
	char why[KERR_LEN];

	memset(res, 0, sizeof *res);
	memset(in, 0, sizeof *in);
	in->now_ms = now_ms;
	/* Every door name comes through here (command line, door screen): none
	 * may put a line into status or an unbounded text into the journal. */
	if (place_name_parse(*door && **door ? *door : DEFAULT_DOOR, f->place, why) != 0)
		return kerr(err, "door name: %s", why);
	*door = f->place;
	if (load_facts(st, f, err) != 0)
		return -1;
	trim_code(text, f->code);
	return 0;
}

/* The rest of the decision once the attendee is looked up: the event's window
 * unless the ticket brought its own, the early door, then judge and journal. */
static int finish_verdict(struct store *st, struct facts *f, const char *door, int64_t now_ms,
			  struct verdict_input *in, struct checkin_result *res, char err[KERR_LEN])
{
	if (!in->has_window && f->starts_ms && f->ends_ms) {
		in->has_window = 1;
		in->valid_from_ms = f->starts_ms;
		in->valid_until_ms = f->ends_ms;
	}
	if (in->has_window)
		in->valid_from_ms -= DOOR_EARLY_MS;
	if (in->in_roster && judge_known(st, door, in, res, &now_ms, err) != 0)
		return -1;
	res->verdict = verdict_decide(in, &res->reason);
	if (res->verdict != VERDICT_OK)
		res->reentry = 0;
	f->code_known = in->decodes;
	return journal(st, f, door, now_ms, res, err);
}

/* The roster lookup, the verdict and its journal entry in one write
 * transaction: "already in?" is read after the lock is taken, so two scans
 * of one ticket on any number of processes give one "ok" and one "used". */
static int decide(struct store *st, struct facts *f, const char *door, int64_t now_ms,
		  const char *sql, int64_t serial, struct verdict_input *in,
		  struct checkin_result *res, char err[KERR_LEN])
{
	int own, type_id = 0, r = 0, ok;

	if (store_write_begin(st, &own, err) != 0)
		return -1;
	if (sql == sql_by_id)
		r = find_by_id(st, f, res, in, err);
	else if (sql)
		r = find_attendee(st, f, sql, serial, res, in, &type_id, err);
	if (r >= 0 && sql == sql_by_code)
		in->decodes = in->is_roster_code = r;
	ok = r >= 0 && finish_verdict(st, f, door, now_ms, in, res, err) == 0;
	return store_write_end(st, own, ok, err);
}

/* What the scanned code in f->code is, before any lock: decodes, event,
 * signature and the ticket's own window. *sql and *serial say how to find
 * its attendee (NULL: nobody to look up). Returns 0, or -1 on error. */
static int identify(struct store *st, struct facts *f, struct verdict_input *in,
		    const char **sql, int64_t *serial, char err[KERR_LEN])
{
	struct ticket t;

	*sql = NULL;
	*serial = 0;
	if (ticket_decode(f->code, &t) == 0) {
		uint8_t pk[KEYS_MAX][TICKET_PK_LEN];
		char ev[2 * TICKET_EVENT_ID_LEN + 1];
		int i, n;

		in->decodes = 1;
		for (i = 0; i < TICKET_EVENT_ID_LEN; i++)
			(void)snprintf(ev + 2 * i, 3, "%02x", t.event_id[i]);
		in->event_matches = strcmp(ev, f->event_id) == 0;
		if (in->event_matches) {
			if ((n = keys_public(st, pk, KEYS_MAX, err)) < 0)
				return -1;
			for (i = 0; i < n && !in->signature_ok; i++)
				in->signature_ok = ticket_is_signed_by(f->code, pk[i]);
		}
		if (in->signature_ok) {
			*sql = sql_by_serial;
			*serial = t.serial;
			if (t.has_window) {
				in->has_window = 1;
				in->valid_from_ms = t.valid_from * 1000;
				in->valid_until_ms = t.valid_until * 1000;
			}
		}
	} else if (f->code[0]) {
		/* A code from another ticketing system, accepted when imported. */
		*sql = sql_by_code;
	}
	return 0;
}

/* identify() and the roster lookup, for the callers that already hold the
 * write lock (exits, stations). Returns 0, or -1 on error. */
static int resolve(struct store *st, struct facts *f, struct verdict_input *in,
		   struct checkin_result *res, char err[KERR_LEN])
{
	const char *sql;
	int64_t serial;
	int type_id = 0, r;

	if (identify(st, f, in, &sql, &serial, err) != 0)
		return -1;
	f->code_known = in->decodes;
	if (!sql)
		return 0;
	if ((r = find_attendee(st, f, sql, serial, res, in, &type_id, err)) < 0)
		return -1;
	if (sql == sql_by_code)
		in->decodes = in->is_roster_code = r;
	f->code_known = in->decodes;
	return 0;
}

int checkin_perform(struct store *st, const char *code, const char *door,
		    int64_t now_ms, struct checkin_result *res, char err[KERR_LEN])
{
	struct facts f;
	struct verdict_input in;
	const char *sql;
	int64_t serial;

	if (start(st, code, &door, now_ms, &f, &in, res, err) != 0 ||
	    identify(st, &f, &in, &sql, &serial, err) != 0)
		return -1;
	return decide(st, &f, door, now_ms, sql, serial, &in, res, err);
}

int checkin_attendee(struct store *st, const char *attendee_id, const char *door,
		     int64_t now_ms, struct checkin_result *res, char err[KERR_LEN])
{
	struct facts f;
	struct verdict_input in;

	if (start(st, attendee_id, &door, now_ms, &f, &in, res, err) != 0)
		return -1;
	/* Looked up by a volunteer, not scanned: no signature to check. */
	return decide(st, &f, door, now_ms, sql_by_id, 0, &in, res, err);
}

/* ------------------------------------------------------ exits and stations */

/* Journal an exit or a station visit (kind "exit" / "station"), or the
 * refusal as checkin_rejected with reason. where_key is "door" or "station". */
static int journal_move(struct store *st, const struct facts *f, const char *kind,
			const char *where_key, const char *where, const char *reason,
			int64_t now_ms, struct checkin_result *res, char err[KERR_LEN])
{
	char body[2048];
	struct jsonw w;

	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "event", f->event_id);
	if (res->attendee_id[0])
		jsonw_str(&w, "id", res->attendee_id);
	jsonw_str(&w, where_key, where);
	if (strcmp(where_key, "door") != 0) /* the rejections table reads $.door */
		jsonw_str(&w, "door", where);
	if (put_code(st, &w, f, err) != 0)
		return -1;
	if (reason)
		jsonw_str(&w, "reason", reason);
	if (jsonw_end(&w) != 0)
		return kerr(err, "journal entry too large");
	return store_append(st, now_ms, reason ? "checkin_rejected" : kind, body, &res->seq, err);
}

/* The decision and its entry under one write lock, as decide() does: the
 * state read after BEGIN IMMEDIATE is the state the entry is appended to. */
static int locked(struct store *st, int (*body)(struct store *, void *, char *), void *ctx,
		  char err[KERR_LEN])
{
	int own;

	if (store_write_begin(st, &own, err) != 0)
		return -1;
	return store_write_end(st, own, body(st, ctx, err) == 0, err);
}

struct move {
	const char *code, *where;
	int64_t now_ms;
	struct checkin_result *res;
	int by_id;             /* code is an attendee id (find_by_id), not a scan */
};

static int exit_locked(struct store *st, void *ctx, char *err)
{
	struct move *m = ctx;
	struct facts f;
	struct verdict_input in;
	struct checkin_result *res = m->res;
	const char *door = m->where;
	int64_t at = m->now_ms;
	int was_out, r;

	if (start(st, m->code, &door, m->now_ms, &f, &in, res, err) != 0 ||
	    resolve(st, &f, &in, res, err) != 0)
		return -1;
	/* Leaving needs only to know who it is: a ticket cancelled or out of
	 * its window still walks out. */
	in.revoked = 0;
	in.has_window = 0;
	in.type_allowed = 1;
	res->verdict = verdict_decide(&in, &res->reason);
	if (res->verdict != VERDICT_OK)
		return journal_move(st, &f, "exit", "door", door, reason_name(res->reason),
				    m->now_ms, res, err);
	if ((r = guest_state(st, res->attendee_id, res, &was_out, &at, err)) < 0)
		return -1;
	if (r == 0) {
		res->verdict = VERDICT_USED;
		return journal_move(st, &f, "exit", "door", door, "not_inside", at, res, err);
	}
	return journal_move(st, &f, "exit", "door", door, NULL, at, res, err);
}

int checkin_exit(struct store *st, const char *code, const char *door, int64_t now_ms,
		 struct checkin_result *res, char err[KERR_LEN])
{
	struct move m = {code, door, now_ms, res, 0};

	return locked(st, exit_locked, &m, err);
}

/* 1 if the station was added (name then becomes its name as first added:
 * 'raffle' is station 'Raffle', so a typo cannot serve a guest twice), 0
 * not, -1 error. */
static int station_exists(struct store *st, char name[PLACE_NAME_MAX + 1], char err[KERR_LEN])
{
	/* NOCASE folds ASCII only: Bengali has no case. */
	static const char sql[] = "SELECT name FROM stations WHERE name=?1 COLLATE NOCASE"
				  " ORDER BY at_ms, device_id, seq LIMIT 1";

	return store_first_text(st, sql, name, "stations", name, PLACE_NAME_MAX + 1, err);
}

/* When the guest first collected at the station, under attendee id or any
 * other registration of the same guest this store knows (SCHEMA_SAME_GUEST:
 * a walk-in registered again under one phone, merged by a sync): 1 found
 * (*at set), 0 not, -1 error. */
static int collected(struct store *st, const char *station, const char *id, int64_t *at,
		     char err[KERR_LEN])
{
	static const char sql[] = "SELECT min(at_ms) FROM station_visits v"
				  " WHERE " VISITS_AT_STATION("v", "?1")
				  " AND attendee_id IN " SCHEMA_SAME_GUEST("?2");
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc, found = 0;

	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, station, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot read the station: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		*at = sqlite3_column_int64(s, 0);
		found = 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kerr(err, "cannot read the station: %s", sqlite3_errmsg(store_db(st)));
	return found;
}

static int station_locked(struct store *st, void *ctx, char *err)
{
	struct move *m = ctx;
	struct facts f;
	struct verdict_input in;
	struct checkin_result *res = m->res;
	const char *door = NULL;
	char station[PLACE_NAME_MAX + 1], why[KERR_LEN];
	int r;

	if (place_name_parse(m->where, station, why) != 0)
		return kerr(err, "station name: %s", why);
	if (start(st, m->code, &door, m->now_ms, &f, &in, res, err) != 0)
		return -1;
	if ((r = station_exists(st, station, err)) < 0)
		return -1;
	if (r == 0)
		return kerr(err, "no station '%s' (add it with 'kiosk station add')", station);
	if ((m->by_id ? find_by_id(st, &f, res, &in, err) : resolve(st, &f, &in, res, err)) < 0)
		return -1;
	if (!in.has_window && f.starts_ms && f.ends_ms) {
		in.has_window = 1;
		in.valid_from_ms = f.starts_ms;
		in.valid_until_ms = f.ends_ms;
	}
	if (in.has_window)
		in.valid_from_ms -= DOOR_EARLY_MS;
	in.type_allowed = 1;
	if (in.in_roster) {
		if ((r = collected(st, station, res->attendee_id, &res->first_at_ms, err)) < 0)
			return -1;
		in.already_in = r;
	}
	/* the station as first added, whichever spelling was scanned */
	(void)snprintf(res->first_door, sizeof res->first_door, "%s", station);
	res->verdict = verdict_decide(&in, &res->reason);
	return journal_move(st, &f, "station", "station", station,
			    res->verdict == VERDICT_OK ? NULL
			    : res->verdict == VERDICT_USED ? "already_collected"
			    : reason_name(res->reason), m->now_ms, res, err);
}

static int station_move(struct store *st, struct move *m, char err[KERR_LEN])
{
	if (!m->where || !*m->where)
		return kerr(err, "no station named");
	return locked(st, station_locked, m, err);
}

int checkin_station(struct store *st, const char *code, const char *station, int64_t now_ms,
		    struct checkin_result *res, char err[KERR_LEN])
{
	struct move m = {code, station, now_ms, res, 0};

	return station_move(st, &m, err);
}

int checkin_station_attendee(struct store *st, const char *attendee_id, const char *station,
			     int64_t now_ms, struct checkin_result *res, char err[KERR_LEN])
{
	struct move m = {attendee_id, station, now_ms, res, 1};

	return station_move(st, &m, err);
}

int checkin_station_collected(struct store *st, const char *station, const char *attendee_id,
			      int64_t *at_ms, char err[KERR_LEN])
{
	char name[PLACE_NAME_MAX + 1], why[KERR_LEN];
	int r;

	if (!station || place_name_parse(station, name, why) != 0)
		return 0; /* no such station: nobody collected there */
	if ((r = station_exists(st, name, err)) <= 0)
		return r;
	return collected(st, name, attendee_id, at_ms, err);
}
