/* schema.h - the store's SQL: migrations by PRAGMA user_version, and the
 * projections (tables derived from the journal) with the SQL that applies each
 * journal kind to them. Pure data: no calls. */
#ifndef KIOSK_SCHEMA_H
#define KIOSK_SCHEMA_H

/* schema_migrations[i] brings user_version i to i+1; NULL-terminated.
 * Append new migrations at the end; never edit a released one. */
extern const char *const schema_migrations[];

/* Run on every connection after the migrations (issue 14): TEMP views that
 * decrypt the sealed columns (`<table>_pii`, through kiosk_pii). They live in
 * the connection's temp schema, never in the file. NULL-terminated. */
extern const char *const schema_temp_views[];

#define PROJECTION_MAX_SQL 10

/* How one journal kind changes the projections. Each statement may use the
 * parameters :dev, :seq, :at (ms) and :body (the JSON text). They must give the
 * same tables whatever order entries of different devices arrive in, so that a
 * rebuild equals the live tables. Kinds without a row change no projection. */
struct projection {
	const char *kind;
	const char *sql[PROJECTION_MAX_SQL];
};

/* NULL-kind-terminated. */
extern const struct projection schema_projections[];

/* The store's current event (init, init --new, device join set it), as an
 * SQL expression: what door_counts counts, and what the door's readers of
 * check-ins, stations and walk-ins take. */
#define SCHEMA_CURRENT_EVENT "(SELECT value FROM meta WHERE key = 'event_id')"

/* The guest attendee X (an SQL expression) is counted as: a walk-in
 * registered again under a phone its event already held is the guest its
 * guest_aliases row names, anyone else is their own guest. */
#define SCHEMA_GUEST_OF(X) \
	"coalesce((SELECT g.guest_id FROM guest_aliases g WHERE g.attendee_id = " X "), " X ")"

/* Every attendee counted as one guest with attendee X (X, its guest and that
 * guest's other aliases), for an IN clause; X alone when it has no alias.
 * Reads guest_aliases by both its indexes. */
#define SCHEMA_SAME_GUEST(X) \
	"(SELECT " SCHEMA_GUEST_OF(X) " UNION SELECT g.attendee_id FROM guest_aliases g" \
	" WHERE g.guest_id = " SCHEMA_GUEST_OF(X) ")"

/* One statement: door_counts counted again for the event meta's event_id
 * names, after it changed (init --new). */
extern const char schema_counts_recount[];

/* attendee_added applied in bulk (store_bulk_begin): the TEMP table of the
 * entries put off (their device, seq and id, in order), the statement that
 * puts one (:dev, :seq, :body), the one that reads them back with their
 * bodies (device_id, seq, at_ms, kind, body), the statements that apply them all
 * at once, the ids whose walk-in group is made again (one row each) with the
 * statements that do it (:id), and the table emptied. One by one and all at
 * once give the same tables (verify's rebuild compares them). */
extern const char schema_added_bulk_table[];
extern const char schema_added_bulk_put[];
extern const char schema_added_bulk_entries[];
extern const char *const schema_added_bulk[];
extern const char schema_added_bulk_regroup_pick[];
extern const char *const schema_added_bulk_regroup[];
/* ... its statements, at most (a static check in schema.c): the regroup
 * prepares them all once for every id */
#define SCHEMA_BULK_REGROUP_MAX 4
extern const char schema_added_bulk_clear[];

/* Tables cleared by a rebuild and compared by verify; NULL-terminated. */
extern const char *const schema_projection_tables[];

#endif
