/* schema.c - the store's tables, migrations and journal projections.
 * Pure data: the SQL lives here so store.c stays generic. */
#include "schema.h"

#include <stddef.h>

/* The phone reversed (up to 16 characters: "+8801711223344" is 14), written
 * in plain SQL so the sqlite3 shell can still write the table. */
#define PHONE_REV \
	"substr(phone,16,1)||substr(phone,15,1)||substr(phone,14,1)||substr(phone,13,1)||" \
	"substr(phone,12,1)||substr(phone,11,1)||substr(phone,10,1)||substr(phone,9,1)||" \
	"substr(phone,8,1)||substr(phone,7,1)||substr(phone,6,1)||substr(phone,5,1)||" \
	"substr(phone,4,1)||substr(phone,3,1)||substr(phone,2,1)||substr(phone,1,1)"

/* door_counts is kept by brackets around an entry's other statements: before
 * them COUNTS_SUB takes the attendee X's share out of every row it is in, after
 * them COUNTS_ADD puts the new share back. An entry changes the share of its
 * own attendee only, so the rows equal the counts of the final tables whatever
 * order the entries arrive in (an undo before its check-in, a cancel before
 * the attendee), and a rebuild equals the live rows. X is an SQL expression. */
/* The store's current event (init, init --new, device join set it): the one
 * whose guests door_counts counts. A store may hold earlier events too
 * (init --new keeps them for the returning-customer report); their entries
 * still arrive by sync and are kept, but are not this event's figures. */
#define CURRENT_EVENT SCHEMA_CURRENT_EVENT
/* The event of attendee X (an SQL expression): its row's, or, before its row
 * arrived, its check-ins' or exits' (NULL when nothing of it is held: then it
 * counts nowhere yet). */
#define ATTENDEE_EVENT(X) \
	"coalesce((SELECT event_id FROM attendees WHERE id = " X ")," \
	" (SELECT event_id FROM checkins WHERE attendee_id = " X " LIMIT 1)," \
	" (SELECT event_id FROM exits WHERE attendee_id = " X " LIMIT 1))"
#define COUNTS_SHARE(X, SIGN) \
	"WITH x0(id) AS (SELECT " X "), x(id) AS (SELECT id FROM x0" \
	"  WHERE " ATTENDEE_EVENT("x0.id") " = " CURRENT_EVENT ") UPDATE door_counts SET" \
	" checked_in = checked_in " SIGN " EXISTS(SELECT 1 FROM active_checkins c, x" \
	"   WHERE c.attendee_id = x.id AND (door_counts.door = '' OR c.door = door_counts.door))," \
	" expected = expected " SIGN " (door_counts.door = ''" \
	"   AND EXISTS(SELECT 1 FROM attendees a, x WHERE a.id = x.id)" \
	"   AND NOT EXISTS(SELECT 1 FROM revocations r, x WHERE r.attendee_id = x.id))," \
	" walkins = walkins " SIGN " EXISTS(SELECT 1 FROM attendees a, x" \
	"   WHERE a.id = x.id AND a.walkin = 1 AND (door_counts.door = ''" \
	"   OR EXISTS(SELECT 1 FROM checkins c WHERE c.attendee_id = x.id AND c.walkin = 1" \
	"     AND c.door = door_counts.door)))," \
	" inside = inside " SIGN " EXISTS(SELECT 1 FROM inside i, x" \
	"   WHERE i.attendee_id = x.id AND (door_counts.door = '' OR i.door = door_counts.door))" \
	" WHERE door = '' OR door IN (SELECT c.door FROM checkins c, x WHERE c.attendee_id = x.id)"
/* Every door_counts row counted again for the current event, as the
 * brackets above would have left it had every entry arrived with this event
 * current (init --new and the migrations to schemas 11 and 12). The rows stay the ones
 * the entries made (a rebuild makes the same). */
#define COUNTS_RECOUNT \
	"UPDATE door_counts SET" \
	" checked_in = (SELECT count(DISTINCT c.attendee_id) FROM active_checkins c" \
	"   WHERE (door_counts.door = '' OR c.door = door_counts.door)" \
	"   AND " ATTENDEE_EVENT("c.attendee_id") " = " CURRENT_EVENT ")," \
	" expected = (door_counts.door = '') * (SELECT count(*) FROM attendees a" \
	"   WHERE a.event_id = " CURRENT_EVENT \
	"   AND NOT EXISTS(SELECT 1 FROM revocations r WHERE r.attendee_id = a.id))," \
	" walkins = (SELECT count(*) FROM attendees a WHERE a.walkin = 1" \
	"   AND a.event_id = " CURRENT_EVENT " AND (door_counts.door = ''" \
	"   OR EXISTS(SELECT 1 FROM checkins c WHERE c.attendee_id = a.id AND c.walkin = 1" \
	"     AND c.door = door_counts.door)))," \
	" inside = (SELECT count(DISTINCT i.attendee_id) FROM inside i" \
	"   WHERE (door_counts.door = '' OR i.door = door_counts.door)" \
	"   AND " ATTENDEE_EVENT("i.attendee_id") " = " CURRENT_EVENT ")," \
	" exits = (SELECT count(*) FROM exits e WHERE (door_counts.door = '' OR e.door = door_counts.door)" \
	"   AND e.event_id = " CURRENT_EVENT ")"
#define COUNTS_SUB(X) COUNTS_SHARE(X, "-")
#define COUNTS_ADD(X) COUNTS_SHARE(X, "+")
#define BODY_ID "json_extract(:body,'$.id')"
/* The attendee of the check-in an undo names (NULL while it is not held). */
#define UNDO_TARGET \
	"(SELECT attendee_id FROM checkins WHERE device_id = json_extract(:body,'$.device_id')" \
	" AND seq = json_extract(:body,'$.seq'))"
/* The rows an entry may count in: the event's, and its door's. */
#define COUNTS_ROWS \
	"INSERT OR IGNORE INTO door_counts(door) VALUES(''), (coalesce(json_extract(:body,'$.door'),''))"
/* The sealed personal fields of an attendee_added or walkin body (issue 14):
 * pii as written, or for a body from before issue 14 (fields in clear) the
 * same fields as the JSON object the migration to schema 6 makes of a row. */
#define BODY_PII_OF(B) \
	"coalesce(json_extract(" B ",'$.pii'), json_object('name', json_extract(" B ",'$.name')," \
	" 'phone', json_extract(" B ",'$.phone'), 'email', json_extract(" B ",'$.email')))"
#define BODY_PII BODY_PII_OF(":body")
#define ATTENDEE_COLS \
	"INSERT OR IGNORE INTO attendees(id, event_id, serial, type_id, type, code, walkin," \
	" device_id, seq, at_ms, pii, phone_bi)"
#define ATTENDEE_INSERT ATTENDEE_COLS " VALUES(json_extract(:body,'$.id'),"
/* The attendees row of an attendee_added entry (body B, its device, seq and
 * time), after its id. */
#define ADDED_VALUES(B, DEV, SEQ, AT) \
	" json_extract(" B ",'$.event'), json_extract(" B ",'$.serial')," \
	" coalesce(json_extract(" B ",'$.type_id'),0)," \
	" coalesce(json_extract(" B ",'$.type'),'general'), json_extract(" B ",'$.code')," \
	" 0, " DEV ", " SEQ ", " AT ", " BODY_PII_OF(B) ", json_extract(" B ",'$.phone_bi')"

/* attendee_updated (a corrected import row): the attendee's whole new state,
 * the latest entry winning by (at_ms, device_id, seq) whatever order the
 * entries arrive in, so a sync or a rebuild lands on the same row. */
#define UPDATED_IN_JOURNAL(ID) \
	"SELECT 1 FROM journal j WHERE j.kind = 'attendee_updated' AND json_extract(j.body,'$.id') = " ID
/* The attendee BODY_ID names as its latest attendee_updated entry says (the
 * entry being applied is already in the journal); after an attendee_added
 * or walkin insert, an update that arrived first. */
#define ATTENDEE_LATEST_SET \
	"UPDATE attendees SET (pii, phone_bi, type, type_id, code) = (SELECT" \
	" coalesce(json_extract(j.body,'$.pii'), attendees.pii)," \
	" coalesce(json_extract(j.body,'$.phone_bi'), attendees.phone_bi)," \
	" coalesce(json_extract(j.body,'$.type'), attendees.type)," \
	" coalesce(json_extract(j.body,'$.type_id'), attendees.type_id)," \
	" coalesce(json_extract(j.body,'$.code'), attendees.code) FROM journal j" \
	" WHERE j.kind = 'attendee_updated' AND json_extract(j.body,'$.id') = attendees.id" \
	" ORDER BY j.at_ms DESC, j.device_id DESC, j.seq DESC LIMIT 1)"
#define ATTENDEE_LATEST_UPDATE \
	ATTENDEE_LATEST_SET " WHERE id = " BODY_ID " AND EXISTS(" UPDATED_IN_JOURNAL(BODY_ID) ")"

/* Walk-ins are one guest per phone (issue "walk-in twice"): two doors that
 * could not see each other may each register the same person. After a merge
 * the walk-ins of one event with the same phone (by its blind index, the same
 * on every device: the key is the event's) are one guest. The guest is the
 * roster guest with that phone if there is one, else the earliest walk-in by
 * (at_ms, device_id, seq); every other walk-in of the group is an alias of it
 * (guest_aliases). Roster rows are never aliases (the import keeps one per
 * phone). The rule reads only the final attendees rows, so the table is the
 * same whatever order the entries arrive in, and a rebuild equals it.
 * GROUP_OF(X) is the event and blind index of attendee X (an SQL expression;
 * no row without a phone: a walk-in without one stays a guest of its own). */
#define GROUP_OF(X) \
	"WITH k(bi, ev) AS (SELECT phone_bi, event_id FROM attendees WHERE id = " X \
	" AND phone_bi IS NOT NULL)"
/* Drop the alias rows of X's group (and X's own). */
#define ALIASES_DROP(X) \
	GROUP_OF(X) " DELETE FROM guest_aliases WHERE attendee_id = " X \
	" OR attendee_id IN (SELECT a.id FROM attendees a, k WHERE a.phone_bi = k.bi AND a.event_id = k.ev)"
/* Write the alias rows of X's group again, leaving out attendee NOT (an SQL
 * expression; NULL leaves out nobody): a corrected row that changes X's
 * phone takes X out of its old group first. */
#define ALIASES_MAKE(X, NOT) \
	GROUP_OF(X) ", g AS (SELECT a.id, a.walkin, a.at_ms, a.device_id, a.seq FROM attendees a, k" \
	"  WHERE a.phone_bi = k.bi AND a.event_id = k.ev AND a.id IS NOT " NOT ")," \
	" c(id) AS (SELECT id FROM g ORDER BY walkin, at_ms, device_id, seq LIMIT 1)" \
	" INSERT OR REPLACE INTO guest_aliases SELECT g.id, c.id FROM g, c WHERE g.walkin = 1 AND g.id <> c.id"
/* X's group made again (after an entry that added or changed X). */
#define ALIASES_REGROUP(X) ALIASES_DROP(X), ALIASES_MAKE(X, "NULL")

/* The personal fields of a shop entry as a JSON object: what the migration
 * moves out of the clear columns and what an entry from before issue 14
 * (fields in clear in its body) projects as its pii. C and P are SQL
 * expressions of the comment and the phone; NULL when neither is there. */
#define FEEDBACK_PII(C, P) \
	"CASE WHEN " C " IS NOT NULL OR " P " IS NOT NULL THEN" \
	" json_object('comment', " C ", 'phone', " P ") END"
#define PHONE_PII(P) "CASE WHEN " P " IS NOT NULL THEN json_object('phone', " P ") END"
#define SHOP_BODY(f) "json_extract(:body,'$." f "')"
/* A new body's sealed pii, else an old body's clear fields as JSON. */
#define SHOP_BODY_PII(OLD) "coalesce(" SHOP_BODY("pii") ", " OLD ")"
/* The decrypted fields of a row r with sealed pii (TEMP views only: the
 * key is needed). kiosk_pii memoises the last text, so three fields cost
 * one decryption. */
#define PII_FIELD(r, f) "json_extract(kiosk_pii(" r ".pii),'$." f "') AS " f

/* door_counts counts attendees; guest_counts is door_counts with each
 * guest's aliases counted once with it: per door row, what the group's
 * attendees add one by one minus what the guest is. Reads guest_aliases'
 * groups only, and each group's rows by their indexes: the CROSS JOINs keep
 * SQLite from driving the groups from the event's attendees (without
 * statistics it took the event_id index for selective: a read of the whole
 * roster, 0.4 s at a million guests on every verdict), and the group's last
 * movement is read per table, by attendee, where the movements view made
 * it read every check-in (1.9 s with 300,000 of them). */
#define GUEST_COUNTS_VIEWS \
	"CREATE VIEW IF NOT EXISTS guest_shares AS SELECT d.door, g.guest_id," \
	"  (SELECT count(*) FROM guest_members m WHERE m.guest_id = g.guest_id AND EXISTS(SELECT 1" \
	"    FROM active_checkins c WHERE c.attendee_id = m.attendee_id" \
	"    AND (d.door = '' OR c.door = d.door)))" \
	"  - EXISTS(SELECT 1 FROM guest_members m, active_checkins c WHERE m.guest_id = g.guest_id" \
	"    AND c.attendee_id = m.attendee_id AND (d.door = '' OR c.door = d.door)) AS checked_in," \
	"  (d.door = '') * ((SELECT count(*) FROM guest_members m WHERE m.guest_id = g.guest_id" \
	"    AND NOT EXISTS(SELECT 1 FROM revocations r WHERE r.attendee_id = m.attendee_id))" \
	"  - EXISTS(SELECT 1 FROM guest_members m WHERE m.guest_id = g.guest_id" \
	"    AND NOT EXISTS(SELECT 1 FROM revocations r WHERE r.attendee_id = m.attendee_id))) AS expected," \
	"  (SELECT count(*) FROM guest_members m JOIN attendees a ON a.id = m.attendee_id" \
	"    WHERE m.guest_id = g.guest_id AND a.walkin = 1 AND (d.door = '' OR EXISTS(SELECT 1" \
	"    FROM checkins c WHERE c.attendee_id = m.attendee_id AND c.walkin = 1 AND c.door = d.door)))" \
	"  - EXISTS(SELECT 1 FROM attendees a WHERE a.id = g.guest_id AND a.walkin = 1" \
	"    AND (d.door = '' OR EXISTS(SELECT 1 FROM guest_members m, checkins c" \
	"    WHERE m.guest_id = g.guest_id AND c.attendee_id = m.attendee_id AND c.walkin = 1" \
	"    AND c.door = d.door))) AS walkins," \
	"  (SELECT count(*) FROM guest_members m WHERE m.guest_id = g.guest_id AND EXISTS(SELECT 1" \
	"    FROM inside i WHERE i.attendee_id = m.attendee_id AND (d.door = '' OR i.door = d.door)))" \
	"  - coalesce((SELECT x.entering = 1 AND (d.door = '' OR x.door = d.door) FROM" \
	"    (SELECT 1 AS entering, c.door, c.at_ms, c.device_id, c.seq FROM guest_members m" \
	"     CROSS JOIN active_checkins c ON c.attendee_id = m.attendee_id WHERE m.guest_id = g.guest_id" \
	"     UNION ALL SELECT 0, e.door, e.at_ms, e.device_id, e.seq FROM guest_members m" \
	"     CROSS JOIN exits e ON e.attendee_id = m.attendee_id WHERE m.guest_id = g.guest_id) x" \
	"    ORDER BY x.at_ms DESC, x.device_id DESC, x.seq DESC LIMIT 1), 0) AS inside" \
	"  FROM (SELECT DISTINCT ga.guest_id FROM guest_aliases ga CROSS JOIN attendees e ON e.id = ga.guest_id" \
	"   WHERE e.event_id = " CURRENT_EVENT ") g, door_counts d;" \
	"CREATE VIEW IF NOT EXISTS guest_counts AS SELECT d.door, d.checked_in - coalesce(x.checked_in, 0) AS checked_in," \
	"  d.expected - coalesce(x.expected, 0) AS expected, d.walkins - coalesce(x.walkins, 0) AS walkins," \
	"  d.inside - coalesce(x.inside, 0) AS inside, d.exits" \
	"  FROM door_counts d LEFT JOIN (SELECT door, sum(checked_in) AS checked_in," \
	"  sum(expected) AS expected, sum(walkins) AS walkins, sum(inside) AS inside" \
	"  FROM guest_shares GROUP BY door) x ON x.door = d.door"

const char *const schema_migrations[] = {
	/* 0 -> 1: the foundation. */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE journal("
	"  device_id TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL,"
	"  kind TEXT NOT NULL, body TEXT NOT NULL,"
	"  prev_hash BLOB NOT NULL, hash BLOB NOT NULL,"
	"  PRIMARY KEY(device_id, seq)) WITHOUT ROWID;"
	"CREATE INDEX journal_kind ON journal(kind);"
	/* Public keys only: the secret key never enters the database. */
	"CREATE TABLE event_keys(pubkey BLOB PRIMARY KEY, event_id TEXT NOT NULL,"
	"  added_ms INTEGER NOT NULL, retired INTEGER NOT NULL DEFAULT 0);"
	/* Door configuration: which ticket types a door admits (NULL: all). */
	"CREATE TABLE doors(name TEXT PRIMARY KEY, allowed TEXT);"
	/* Projections. */
	"CREATE TABLE events(id TEXT PRIMARY KEY, name TEXT NOT NULL,"
	"  starts_ms INTEGER, ends_ms INTEGER, tz_offset_min INTEGER NOT NULL,"
	"  device_id TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL);"
	"CREATE TABLE attendees(id TEXT PRIMARY KEY, event_id TEXT NOT NULL,"
	"  serial INTEGER, name TEXT NOT NULL, phone TEXT, email TEXT,"
	"  type_id INTEGER NOT NULL DEFAULT 0, type TEXT NOT NULL DEFAULT 'general',"
	"  code TEXT, walkin INTEGER NOT NULL DEFAULT 0,"
	"  device_id TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL);"
	"CREATE UNIQUE INDEX attendees_serial ON attendees(event_id, serial);"
	"CREATE INDEX attendees_code ON attendees(code);"
	"CREATE INDEX attendees_phone ON attendees(phone);"
	/* Import looks every row up by name to skip what is already there. */
	"CREATE INDEX attendees_name ON attendees(event_id, name);"
	"CREATE TABLE revocations(attendee_id TEXT PRIMARY KEY,"
	"  device_id TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL);"
	"CREATE TABLE checkins(device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, event_id TEXT NOT NULL, attendee_id TEXT NOT NULL,"
	"  door TEXT NOT NULL, code TEXT, walkin INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY(device_id, seq));"
	"CREATE INDEX checkins_attendee ON checkins(attendee_id, at_ms);"
	"CREATE TABLE checkin_undos(device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, undo_device TEXT NOT NULL, undo_seq INTEGER NOT NULL,"
	"  PRIMARY KEY(device_id, seq));"
	"CREATE INDEX checkin_undos_target ON checkin_undos(undo_device, undo_seq);"
	"CREATE TABLE rejections(device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, event_id TEXT, door TEXT, code TEXT,"
	"  reason TEXT NOT NULL, attendee_id TEXT, PRIMARY KEY(device_id, seq));"
	/* Check-ins that stand: not undone. */
	"CREATE VIEW active_checkins AS SELECT c.* FROM checkins c"
	"  WHERE NOT EXISTS (SELECT 1 FROM checkin_undos u"
	"    WHERE u.undo_device = c.device_id AND u.undo_seq = c.seq);",
	/* 1 -> 2: catalog, orders, feedback (issue 6). Tags are one text of
	 * comma-separated words (a tag never holds a comma). Every table is a projection
	 * keyed by the entry (device_id, seq); the current catalog, the orders
	 * that stand and the stock left are views over them, so the tables are
	 * the same whatever order the devices' entries arrive in. */
	"CREATE TABLE catalog_entries(item_id TEXT NOT NULL, seller TEXT NOT NULL,"
	"  product TEXT NOT NULL, price_poisha INTEGER NOT NULL, stock INTEGER,"
	"  image TEXT, tags TEXT NOT NULL DEFAULT '',"
	"  device_id TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL,"
	"  PRIMARY KEY(device_id, seq));"
	"CREATE INDEX catalog_entries_item ON catalog_entries(item_id, at_ms);"
	/* The newest entry of each item wins; ties broken by device and seq so
	 * every device picks the same one. */
	"CREATE VIEW catalog AS SELECT e.* FROM catalog_entries e"
	"  WHERE NOT EXISTS (SELECT 1 FROM catalog_entries n WHERE n.item_id = e.item_id"
	"    AND (n.at_ms, n.device_id, n.seq) > (e.at_ms, e.device_id, e.seq));"
	"CREATE TABLE orders(device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, order_no TEXT NOT NULL, seller TEXT,"
	"  name TEXT NOT NULL, phone TEXT NOT NULL, district TEXT NOT NULL,"
	"  address TEXT NOT NULL, method TEXT NOT NULL, trx TEXT,"
	"  total_poisha INTEGER NOT NULL, collect_poisha INTEGER NOT NULL,"
	"  PRIMARY KEY(device_id, seq));"
	"CREATE INDEX orders_no ON orders(order_no);"
	"CREATE INDEX orders_phone ON orders(phone, at_ms);"
	"CREATE TABLE order_lines(device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  line INTEGER NOT NULL, item_id TEXT NOT NULL, product TEXT NOT NULL,"
	"  qty INTEGER NOT NULL, unit_poisha INTEGER NOT NULL,"
	"  PRIMARY KEY(device_id, seq, line));"
	"CREATE INDEX order_lines_item ON order_lines(item_id);"
	"CREATE TABLE order_cancels(device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, order_no TEXT NOT NULL, reason TEXT,"
	"  PRIMARY KEY(device_id, seq));"
	"CREATE INDEX order_cancels_no ON order_cancels(order_no);"
	"CREATE TABLE stock_adjustments(device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, item_id TEXT NOT NULL, delta INTEGER NOT NULL,"
	"  PRIMARY KEY(device_id, seq));"
	"CREATE TABLE feedback(device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, seller TEXT, item_id TEXT, product TEXT,"
	"  face INTEGER NOT NULL, tags TEXT NOT NULL DEFAULT '', comment TEXT,"
	"  phone TEXT, flagged INTEGER NOT NULL DEFAULT 0, lang TEXT,"
	"  PRIMARY KEY(device_id, seq));"
	"CREATE VIEW active_orders AS SELECT o.* FROM orders o"
	"  WHERE NOT EXISTS (SELECT 1 FROM order_cancels x WHERE x.order_no = o.order_no);"
	/* Stock left = imported stock - quantities of orders that stand + adjustments
	 * (a sum, never a counter that each entry changes). NULL: not counted. */
	"CREATE VIEW stock AS SELECT c.item_id, c.seller, c.product,"
	"  CASE WHEN c.stock IS NULL THEN NULL ELSE c.stock"
	"   - coalesce((SELECT sum(l.qty) FROM order_lines l JOIN active_orders o"
	"      ON o.device_id = l.device_id AND o.seq = l.seq WHERE l.item_id = c.item_id), 0)"
	"   + coalesce((SELECT sum(a.delta) FROM stock_adjustments a"
	"      WHERE a.item_id = c.item_id), 0) END AS left"
	"  FROM catalog c;",
	/* 2 -> 3: a door that stays instant at a million guests (issue 15).
	 * door_counts: the door's figures as a projection, changed by the entry
	 * that changes them (no recount). Row '' is the whole event; a row per
	 * door name holds the guests checked in at that door and the walk-ins
	 * registered there (expected is event-wide: 0 on door rows).
	 * attendee_names: a trigram index of the names for substring search;
	 * attendees.phone_rev: the phone reversed, so a phone's last digits are a
	 * prefix found through an index. The rows already held are filled here. */
	"CREATE TABLE door_counts(door TEXT PRIMARY KEY,"
	"  checked_in INTEGER NOT NULL DEFAULT 0, expected INTEGER NOT NULL DEFAULT 0,"
	"  walkins INTEGER NOT NULL DEFAULT 0);"
	"ALTER TABLE attendees ADD COLUMN phone_rev TEXT GENERATED ALWAYS AS (" PHONE_REV ") VIRTUAL;"
	"CREATE INDEX attendees_phone_rev ON attendees(phone_rev);"
	/* Queries of one or two letters are name prefixes (a trigram needs three). */
	"CREATE INDEX attendees_name_nocase ON attendees(name COLLATE NOCASE);"
	"CREATE VIRTUAL TABLE attendee_names USING fts5(id UNINDEXED, name, tokenize='trigram');"
	/* The menu's latest check-ins, without sorting them all. */
	"CREATE INDEX checkins_at ON checkins(at_ms, seq);"
	"INSERT INTO attendee_names(rowid, id, name) SELECT rowid, id, name FROM attendees;"
	"INSERT INTO door_counts SELECT '',"
	"  (SELECT count(DISTINCT attendee_id) FROM active_checkins),"
	"  (SELECT count(*) FROM attendees WHERE id NOT IN (SELECT attendee_id FROM revocations)),"
	"  (SELECT count(*) FROM attendees WHERE walkin = 1)"
	"  WHERE EXISTS(SELECT 1 FROM attendees) OR EXISTS(SELECT 1 FROM checkins)"
	"   OR EXISTS(SELECT 1 FROM revocations);"
	"INSERT INTO door_counts SELECT d.door,"
	"  (SELECT count(DISTINCT c.attendee_id) FROM active_checkins c WHERE c.door = d.door), 0,"
	"  (SELECT count(DISTINCT c.attendee_id) FROM checkins c JOIN attendees a ON a.id = c.attendee_id"
	"    WHERE c.walkin = 1 AND a.walkin = 1 AND c.door = d.door)"
	"  FROM (SELECT DISTINCT door FROM checkins) d;",
	/* 3 -> 4: wallet payments received (issue 17). One row per
	 * payment_received entry; two devices may import the same SMS, so
	 * readers take the first row of each TrxID (payments_first). */
	"CREATE TABLE payments(device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, wallet TEXT NOT NULL, trx TEXT NOT NULL,"
	"  amount_poisha INTEGER NOT NULL, phone TEXT, paid_at TEXT,"
	"  PRIMARY KEY(device_id, seq));"
	"CREATE INDEX payments_trx ON payments(trx, at_ms, device_id, seq);"
	"CREATE INDEX orders_trx ON orders(trx);"
	"CREATE VIEW payments_first AS SELECT p.* FROM payments p"
	"  WHERE NOT EXISTS (SELECT 1 FROM payments q WHERE q.trx = p.trx"
	"    AND (q.at_ms, q.device_id, q.seq) < (p.at_ms, p.device_id, p.seq));"
	/* The delivery charge of an order (part of its total) and the charges
	 * per zone set by `kiosk catalog delivery`. */
	"ALTER TABLE orders ADD COLUMN delivery_poisha INTEGER NOT NULL DEFAULT 0;"
	/* A product's category (food, clothes, craft): its feedback question. */
	"ALTER TABLE catalog_entries ADD COLUMN category TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE delivery_charge_entries(inside_poisha INTEGER NOT NULL,"
	"  outside_poisha INTEGER NOT NULL, device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, PRIMARY KEY(device_id, seq));"
	/* Where a seller takes wallet money: numbers and the text of their own
	 * printed payment QR; the newest entry per seller wins. */
	"CREATE TABLE seller_pay_entries(seller TEXT NOT NULL, bkash TEXT, nagad TEXT,"
	"  rocket TEXT, qr TEXT, device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, PRIMARY KEY(device_id, seq));"
	"CREATE INDEX seller_pay_entries_seller ON seller_pay_entries(seller, at_ms);"
	"CREATE VIEW seller_pay AS SELECT e.* FROM seller_pay_entries e"
	"  WHERE NOT EXISTS (SELECT 1 FROM seller_pay_entries n WHERE n.seller = e.seller"
	"    AND (n.at_ms, n.device_id, n.seq) > (e.at_ms, e.device_id, e.seq));"
	/* What couriers say of each parcel (kiosk courier import): the newest
	 * entry per courier and consignment wins; phone is the customer's. */
	"CREATE TABLE delivery_entries(courier TEXT NOT NULL, ref TEXT NOT NULL,"
	"  invoice TEXT, phone TEXT NOT NULL, status TEXT NOT NULL,"
	"  device_id TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL,"
	"  PRIMARY KEY(device_id, seq));"
	"CREATE INDEX delivery_entries_ref ON delivery_entries(courier, ref, at_ms);"
	"CREATE INDEX delivery_entries_phone ON delivery_entries(phone);"
	"CREATE VIEW delivery_latest AS SELECT e.* FROM delivery_entries e"
	"  WHERE NOT EXISTS (SELECT 1 FROM delivery_entries n WHERE n.courier = e.courier"
	"    AND n.ref = e.ref"
	"    AND (n.at_ms, n.device_id, n.seq) > (e.at_ms, e.device_id, e.seq));",
	/* 4 -> 5: exits and re-entry, stations (issue 16). A guest is inside
	 * when their latest movement (a standing check-in or an exit, ordered by
	 * at_ms, device_id, seq) is a check-in. Stations are named by
	 * station_added entries; each guest collects once per station. Doors
	 * get a mode (entry, exit) and a self-service flag (device settings). */
	"CREATE TABLE exits(device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, event_id TEXT NOT NULL, attendee_id TEXT NOT NULL,"
	"  door TEXT NOT NULL, code TEXT, PRIMARY KEY(device_id, seq));"
	"CREATE INDEX exits_attendee ON exits(attendee_id, at_ms);"
	"CREATE TABLE stations(device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY(device_id, seq));"
	"CREATE INDEX stations_name ON stations(name);"
	"CREATE TABLE station_visits(device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL, event_id TEXT NOT NULL, attendee_id TEXT NOT NULL,"
	"  station TEXT NOT NULL, code TEXT, PRIMARY KEY(device_id, seq));"
	"CREATE INDEX station_visits_guest ON station_visits(station, attendee_id, at_ms);"
	/* Every entry and exit that stands, as one ordered stream per guest. */
	"CREATE VIEW movements AS"
	"  SELECT attendee_id, at_ms, device_id, seq, door, 1 AS entering FROM active_checkins"
	"  UNION ALL SELECT attendee_id, at_ms, device_id, seq, door, 0 FROM exits;"
	/* Guests inside now: their latest movement is an entry (door: where they came in). */
	"CREATE VIEW inside AS SELECT m.attendee_id, m.door, m.at_ms FROM movements m"
	"  WHERE m.entering = 1 AND NOT EXISTS (SELECT 1 FROM movements n"
	"    WHERE n.attendee_id = m.attendee_id"
	"    AND (n.at_ms, n.device_id, n.seq) > (m.at_ms, m.device_id, m.seq));"
	/* Guests let in while already inside (two doors that could not see each
	 * other): an entry whose previous movement is an entry too. A guest who
	 * went out and came back is not one. */
	"CREATE VIEW repeat_entries AS SELECT attendee_id, device_id, seq FROM"
	"  (SELECT attendee_id, device_id, seq, entering, lag(entering) OVER"
	"    (PARTITION BY attendee_id ORDER BY at_ms, device_id, seq) AS prev FROM movements)"
	"  WHERE entering = 1 AND prev = 1;"
	/* The door's search by sound (search.c): each word's phonetic key. */
	"CREATE TABLE name_keys(key TEXT NOT NULL, attendee_id TEXT NOT NULL,"
	"  PRIMARY KEY(key, attendee_id)) WITHOUT ROWID;"
	"CREATE INDEX name_keys_attendee ON name_keys(attendee_id, key);"
	"INSERT OR IGNORE INTO name_keys SELECT j.value, a.id FROM attendees a,"
	"  json_each(kiosk_name_keys(a.name)) j;"
	"ALTER TABLE doors ADD COLUMN mode TEXT NOT NULL DEFAULT 'entry';"
	"ALTER TABLE doors ADD COLUMN self_service INTEGER NOT NULL DEFAULT 0;"
	/* door_counts (issue 15) also keeps who is inside (by the door they came
	 * in at) and the exits scanned at each door: status and the door's menu
	 * read them without counting. */
	"ALTER TABLE door_counts ADD COLUMN inside INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE door_counts ADD COLUMN exits INTEGER NOT NULL DEFAULT 0;"
	"UPDATE door_counts SET inside = (SELECT count(*) FROM inside i"
	"  WHERE door_counts.door = '' OR i.door = door_counts.door);",
	/* 5 -> 6: personal fields sealed at rest (issue 14). attendees keeps
	 * name, phone and email only inside pii (sealed by the writer; a row
	 * from a body written before holds them as a clear JSON object, as its
	 * journal entry does) and phone_bi, the phone's blind index. What held
	 * the names in clear goes: the trigram index, the phonetic keys, the
	 * reversed phone and the name indexes. Readers decrypt through the TEMP
	 * view attendees_pii (schema_temp_views). */
	"DROP TABLE attendee_names;"
	"DROP TABLE name_keys;"
	"DROP INDEX attendees_phone_rev;"
	"DROP INDEX attendees_name_nocase;"
	"DROP INDEX attendees_phone;"
	"DROP INDEX attendees_name;"
	"ALTER TABLE attendees DROP COLUMN phone_rev;"
	"ALTER TABLE attendees ADD COLUMN pii TEXT;"
	"ALTER TABLE attendees ADD COLUMN phone_bi TEXT;"
	"UPDATE attendees SET pii = json_object('name', name, 'phone', phone, 'email', email);"
	"ALTER TABLE attendees DROP COLUMN name;"
	"ALTER TABLE attendees DROP COLUMN phone;"
	"ALTER TABLE attendees DROP COLUMN email;"
	"CREATE INDEX attendees_phone_bi ON attendees(phone_bi);"
	/* A row from before holds its phone in clear, without a blind index:
	 * lookups by phone find it through this index of those rows only. */
	"CREATE INDEX attendees_clear_phone ON attendees(json_extract(pii,'$.phone'))"
	"  WHERE substr(pii,1,3) <> 's1.';",
	/* 6 -> 7: the shop side's personal fields sealed (issue 14). Orders,
	 * feedback, payments and courier entries lose their clear name, phone,
	 * address and comment: `pii` holds them as one sealed JSON object
	 * (vault_seal) and `phone_bi` the phone's blind index (vault_blind
	 * "phone") for lookups. Rows held from before keep their fields as a
	 * clear JSON object in pii (kiosk_pii reads it as it is) and a NULL
	 * phone_bi: the migration runs without the key. Indexes on a dropped
	 * column go first (DROP COLUMN refuses an indexed one). */
	"DROP INDEX orders_phone;"
	"ALTER TABLE orders ADD COLUMN pii TEXT;"
	"ALTER TABLE orders ADD COLUMN phone_bi TEXT;"
	"UPDATE orders SET pii = json_object('name', name, 'phone', phone, 'address', address);"
	"ALTER TABLE orders DROP COLUMN name;"
	"ALTER TABLE orders DROP COLUMN phone;"
	"ALTER TABLE orders DROP COLUMN address;"
	"CREATE INDEX orders_phone_bi ON orders(phone_bi, at_ms);"
	"ALTER TABLE feedback ADD COLUMN pii TEXT;"
	"ALTER TABLE feedback ADD COLUMN phone_bi TEXT;"
	"UPDATE feedback SET pii = " FEEDBACK_PII("comment", "phone") ";"
	"ALTER TABLE feedback DROP COLUMN comment;"
	"ALTER TABLE feedback DROP COLUMN phone;"
	"ALTER TABLE payments ADD COLUMN pii TEXT;"
	"ALTER TABLE payments ADD COLUMN phone_bi TEXT;"
	"UPDATE payments SET pii = " PHONE_PII("phone") ";"
	"ALTER TABLE payments DROP COLUMN phone;"
	"DROP INDEX delivery_entries_phone;"
	"ALTER TABLE delivery_entries ADD COLUMN pii TEXT;"
	"ALTER TABLE delivery_entries ADD COLUMN phone_bi TEXT;"
	"UPDATE delivery_entries SET pii = " PHONE_PII("phone") ";"
	"ALTER TABLE delivery_entries DROP COLUMN phone;"
	"CREATE INDEX delivery_entries_phone_bi ON delivery_entries(phone_bi);",
	/* 7 -> 8: attendee_updated (a corrected import row) is applied
	 * latest-wins, looked up by attendee among the journal's entries. */
	"CREATE INDEX IF NOT EXISTS journal_attendee_updated ON journal(json_extract(body,'$.id'))"
	" WHERE kind = 'attendee_updated';",
	/* 8 -> 9: walk-ins with one phone are one guest (see GROUP_OF).
	 * guest_aliases holds only the aliases (few), so every reader below
	 * stays as cheap as before at a million guests. Written to run again on
	 * a store that has it already (IF NOT EXISTS), as 7 -> 8 is. */
	"CREATE TABLE IF NOT EXISTS guest_aliases(attendee_id TEXT PRIMARY KEY, guest_id TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS guest_aliases_guest ON guest_aliases(guest_id);"
	"INSERT OR IGNORE INTO guest_aliases SELECT id, guest FROM (SELECT a.id, (SELECT b.id FROM attendees b"
	"  WHERE b.phone_bi = a.phone_bi AND b.event_id = a.event_id"
	"  ORDER BY b.walkin, b.at_ms, b.device_id, b.seq LIMIT 1) AS guest FROM attendees a"
	"  WHERE a.walkin = 1 AND a.phone_bi IS NOT NULL) WHERE guest <> id;"
	/* Every attendee of a guest with aliases, the guest included. */
	"CREATE VIEW IF NOT EXISTS guest_members AS SELECT guest_id, attendee_id FROM guest_aliases"
	"  UNION SELECT guest_id, guest_id FROM guest_aliases;"
	/* The walk-ins registered again under one phone, for the organizer to
	 * see: every attendee of such a guest (the guest first), with where and
	 * when they were registered or imported. No personal field: it reads
	 * without the key (names and phones: attendees_pii by attendee_id). */
	"CREATE VIEW IF NOT EXISTS walkin_duplicates AS SELECT m.guest_id, m.attendee_id,"
	"  m.attendee_id = m.guest_id AS is_guest, a.walkin, a.at_ms, a.device_id, a.seq,"
	"  (SELECT c.door FROM checkins c WHERE c.device_id = a.device_id AND c.seq = a.seq) AS door,"
	"  (SELECT count(*) FROM guest_members n WHERE n.guest_id = m.guest_id) AS times"
	"  FROM guest_members m JOIN attendees a ON a.id = m.attendee_id;"
	/* guest_counts: door_counts with each guest counted once (above). */
	GUEST_COUNTS_VIEWS ";",
	/* 9 -> 10: the cut-off of a revoked device (sync/trust.c). A row says
	 * that device_id's entries after seq upto do not count here: they stay
	 * in the journal (it is append-only: they are the record of what the
	 * lost device did) but no projection is built from them, live or by a
	 * rebuild. Like event_keys it is set only from a journal fact whose
	 * signature verified (a `device_revoked` entry of the organizer), so a
	 * rebuild keeps it. IF NOT EXISTS: a test (or a user) that winds
	 * user_version back re-runs this on a store that has it. */
	"CREATE TABLE IF NOT EXISTS revoked_devices(device_id TEXT PRIMARY KEY,"
	"  upto INTEGER NOT NULL CHECK(upto >= 0)) WITHOUT ROWID;",
	/* 10 -> 11: door_counts counts the current event's guests only (a store
	 * with an earlier event counted both rosters, check-ins and exits):
	 * counted again. */
	COUNTS_RECOUNT ";",
	/* 11 -> 12: guest_counts as GUEST_COUNTS_VIEWS reads it now, by the
	 * alias groups' own rows (the views of 8 -> 9 read the whole roster on
	 * every verdict). Then the recount of 10 -> 11 again: the count step
	 * stays last, so that a store wound back one version (a test, a user
	 * after a failed upgrade) is counted again. */
	"DROP VIEW IF EXISTS guest_counts; DROP VIEW IF EXISTS guest_shares;"
	GUEST_COUNTS_VIEWS ";" COUNTS_RECOUNT ";",
	/* 12 -> 13: the walk-ins' groups by an index of the walk-ins alone, so
	 * that an import's guests added in bulk (schema_added_bulk) find the
	 * few that share a phone with a walk-in without reading the roster.
	 * The recount stays last (11 -> 12). */
	"CREATE INDEX IF NOT EXISTS attendees_walkin_group ON attendees(event_id, phone_bi)"
	" WHERE walkin = 1;" COUNTS_RECOUNT ";",
	NULL,
};

const char schema_counts_recount[] = COUNTS_RECOUNT;

const char *const schema_temp_views[] = {
	/* kiosk_pii memoises the last row: three fields, one decryption. The
	 * row's rowid too, for readers that walk the roster in rowid order. */
	"CREATE TEMP VIEW attendees_pii AS SELECT a.rowid AS rowid, a.*,"
	" json_extract(kiosk_pii(a.pii),'$.name') AS name,"
	" json_extract(kiosk_pii(a.pii),'$.phone') AS phone,"
	" json_extract(kiosk_pii(a.pii),'$.email') AS email FROM main.attendees a",
	/* Readers that show or export a person's fields select from these;
	 * counting and joining readers keep the base tables (no key needed). */
	"CREATE TEMP VIEW orders_pii AS SELECT o.*, " PII_FIELD("o", "name") ", "
	PII_FIELD("o", "phone") ", " PII_FIELD("o", "address") " FROM main.orders o",
	"CREATE TEMP VIEW active_orders_pii AS SELECT o.*, " PII_FIELD("o", "name") ", "
	PII_FIELD("o", "phone") ", " PII_FIELD("o", "address") " FROM main.active_orders o",
	"CREATE TEMP VIEW feedback_pii AS SELECT f.*, " PII_FIELD("f", "comment") ", "
	PII_FIELD("f", "phone") " FROM main.feedback f",
	"CREATE TEMP VIEW payments_pii AS SELECT p.*, " PII_FIELD("p", "phone")
	" FROM main.payments p",
	"CREATE TEMP VIEW payments_first_pii AS SELECT p.*, " PII_FIELD("p", "phone")
	" FROM main.payments_first p",
	"CREATE TEMP VIEW deliveries_pii AS SELECT d.*, " PII_FIELD("d", "phone")
	" FROM main.delivery_entries d",
	"CREATE TEMP VIEW delivery_latest_pii AS SELECT d.*, " PII_FIELD("d", "phone")
	" FROM main.delivery_latest d",
	NULL,
};

const struct projection schema_projections[] = {
	{"event_created", {
		"INSERT OR IGNORE INTO events VALUES(json_extract(:body,'$.id'),"
		" json_extract(:body,'$.name'), json_extract(:body,'$.starts_ms'),"
		" json_extract(:body,'$.ends_ms'), json_extract(:body,'$.tz_offset_min'),"
		" :dev, :seq, :at)",
	}},
	/* The import's kind, a million times over: kept cheap. A new attendee
	 * changes only "expected" (the row says walkin = 0 and check-ins do not
	 * depend on it), so the general bracket is not needed. */
	{"attendee_added", {
		"INSERT OR IGNORE INTO door_counts(door) VALUES('')",
		ATTENDEE_INSERT ADDED_VALUES(":body", ":dev", ":seq", ":at") ")",
		ATTENDEE_LATEST_UPDATE,
		ALIASES_REGROUP(BODY_ID),
		"UPDATE door_counts SET expected = expected + 1 WHERE door = ''"
		" AND EXISTS(SELECT 1 FROM attendees WHERE id = json_extract(:body,'$.id')"
		"  AND device_id = :dev AND seq = :seq AND event_id = " CURRENT_EVENT ")"
		" AND NOT EXISTS(SELECT 1 FROM revocations WHERE attendee_id = json_extract(:body,'$.id'))",
	}},
	/* A corrected import row: the same guest (serial, ticket, check-ins and
	 * cancellation kept) with a new name, email, type or code. */
	{"attendee_updated", {
		ALIASES_DROP(BODY_ID),
		ALIASES_MAKE(BODY_ID, BODY_ID),
		ATTENDEE_LATEST_UPDATE,
		ALIASES_REGROUP(BODY_ID),
	}},
	{"attendee_cancelled", {
		COUNTS_ROWS,
		COUNTS_SUB(BODY_ID),
		"INSERT OR IGNORE INTO revocations VALUES(json_extract(:body,'$.id'), :dev, :seq, :at)",
		COUNTS_ADD(BODY_ID),
	}},
	{"checkin", {
		COUNTS_ROWS,
		COUNTS_SUB(BODY_ID),
		"INSERT INTO checkins VALUES(:dev, :seq, :at, json_extract(:body,'$.event'),"
		" json_extract(:body,'$.id'), json_extract(:body,'$.door'),"
		" json_extract(:body,'$.code'), 0)",
		COUNTS_ADD(BODY_ID),
	}},
	/* A walk-in is added and checked in by one entry. */
	{"walkin", {
		COUNTS_ROWS,
		COUNTS_SUB(BODY_ID),
		ATTENDEE_INSERT " json_extract(:body,'$.event'), NULL, 0,"
		" coalesce(json_extract(:body,'$.type'),'general'), NULL, 1, :dev, :seq, :at,"
		" " BODY_PII ", json_extract(:body,'$.phone_bi'))",
		ATTENDEE_LATEST_UPDATE,
		ALIASES_REGROUP(BODY_ID),
		"INSERT INTO checkins VALUES(:dev, :seq, :at, json_extract(:body,'$.event'),"
		" json_extract(:body,'$.id'), json_extract(:body,'$.door'), NULL, 1)",
		COUNTS_ADD(BODY_ID),
	}},
	{"checkin_rejected", {
		"INSERT INTO rejections VALUES(:dev, :seq, :at, json_extract(:body,'$.event'),"
		" json_extract(:body,'$.door'), json_extract(:body,'$.code'),"
		" json_extract(:body,'$.reason'), json_extract(:body,'$.id'))",
	}},
	{"checkin_undone", {
		COUNTS_SUB(UNDO_TARGET),
		"INSERT INTO checkin_undos VALUES(:dev, :seq, :at,"
		" json_extract(:body,'$.device_id'), json_extract(:body,'$.seq'))",
		COUNTS_ADD(UNDO_TARGET),
	}},
	{"catalog_item", {
		"INSERT INTO catalog_entries VALUES(json_extract(:body,'$.id'),"
		" json_extract(:body,'$.seller'), json_extract(:body,'$.product'),"
		" json_extract(:body,'$.price_poisha'), json_extract(:body,'$.stock'),"
		" json_extract(:body,'$.image'), coalesce(json_extract(:body,'$.tags'),''),"
		" :dev, :seq, :at, coalesce(json_extract(:body,'$.category'),''))",
	}},
	{"order", {
		"INSERT INTO orders(device_id, seq, at_ms, order_no, seller, district, method, trx,"
		" total_poisha, collect_poisha, delivery_poisha, pii, phone_bi)"
		" VALUES(:dev, :seq, :at, json_extract(:body,'$.no'),"
		" json_extract(:body,'$.seller'), json_extract(:body,'$.district'),"
		" json_extract(:body,'$.method'),"
		" json_extract(:body,'$.trx'), json_extract(:body,'$.total_poisha'),"
		" coalesce(json_extract(:body,'$.collect_poisha'),0),"
		" coalesce(json_extract(:body,'$.delivery_poisha'),0),"
		" " SHOP_BODY_PII("json_object('name', " SHOP_BODY("name") ", 'phone', " SHOP_BODY("phone")
			     ", 'address', " SHOP_BODY("address") ")") ", " SHOP_BODY("phone_bi") ")",
		"INSERT INTO order_lines SELECT :dev, :seq, key, json_extract(value,'$.id'),"
		" json_extract(value,'$.product'), json_extract(value,'$.qty'),"
		" json_extract(value,'$.unit_poisha') FROM json_each(:body,'$.items')",
	}},
	{"order_cancelled", {
		"INSERT INTO order_cancels VALUES(:dev, :seq, :at, json_extract(:body,'$.no'),"
		" json_extract(:body,'$.reason'))",
	}},
	{"stock_adjusted", {
		"INSERT INTO stock_adjustments VALUES(:dev, :seq, :at, json_extract(:body,'$.id'),"
		" json_extract(:body,'$.delta'))",
	}},
	{"feedback", {
		"INSERT INTO feedback(device_id, seq, at_ms, seller, item_id, product, face, tags,"
		" flagged, lang, pii, phone_bi) VALUES(:dev, :seq, :at, json_extract(:body,'$.seller'),"
		" json_extract(:body,'$.item'), json_extract(:body,'$.product'),"
		" json_extract(:body,'$.face'), coalesce(json_extract(:body,'$.tags'),''),"
		" coalesce(json_extract(:body,'$.flagged'),0), json_extract(:body,'$.lang'),"
		" " SHOP_BODY_PII(FEEDBACK_PII(SHOP_BODY("comment"), SHOP_BODY("phone"))) ","
		" " SHOP_BODY("phone_bi") ")",
	}},
	{"exit", {
		COUNTS_ROWS,
		COUNTS_SUB(BODY_ID),
		"INSERT INTO exits VALUES(:dev, :seq, :at, json_extract(:body,'$.event'),"
		" json_extract(:body,'$.id'), json_extract(:body,'$.door'),"
		" json_extract(:body,'$.code'))",
		COUNTS_ADD(BODY_ID),
		"UPDATE door_counts SET exits = exits + 1"
		" WHERE door IN ('', json_extract(:body,'$.door'))"
		" AND json_extract(:body,'$.event') = " CURRENT_EVENT,
	}},
	{"station_added", {
		"INSERT INTO stations VALUES(:dev, :seq, :at, json_extract(:body,'$.name'))",
	}},
	{"station", {
		"INSERT INTO station_visits VALUES(:dev, :seq, :at, json_extract(:body,'$.event'),"
		" json_extract(:body,'$.id'), json_extract(:body,'$.station'),"
		" json_extract(:body,'$.code'))",
	}},
	{"payment_received", {
		"INSERT INTO payments(device_id, seq, at_ms, wallet, trx, amount_poisha, paid_at,"
		" pii, phone_bi) VALUES(:dev, :seq, :at, json_extract(:body,'$.wallet'),"
		" json_extract(:body,'$.trx'), json_extract(:body,'$.amount_poisha'),"
		" json_extract(:body,'$.paid_at'), " SHOP_BODY_PII(PHONE_PII(SHOP_BODY("phone"))) ","
		" " SHOP_BODY("phone_bi") ")",
	}},
	{"seller_payment", {
		"INSERT INTO seller_pay_entries VALUES(json_extract(:body,'$.seller'),"
		" json_extract(:body,'$.bkash'), json_extract(:body,'$.nagad'),"
		" json_extract(:body,'$.rocket'), json_extract(:body,'$.qr'), :dev, :seq, :at)",
	}},
	{"delivery_status", {
		"INSERT INTO delivery_entries(courier, ref, invoice, status, device_id, seq, at_ms,"
		" pii, phone_bi) VALUES(json_extract(:body,'$.courier'),"
		" json_extract(:body,'$.ref'), json_extract(:body,'$.invoice'),"
		" json_extract(:body,'$.status'), :dev, :seq, :at,"
		" " SHOP_BODY_PII(PHONE_PII(SHOP_BODY("phone"))) ", " SHOP_BODY("phone_bi") ")",
	}},
	{"delivery_charges", {
		"INSERT INTO delivery_charge_entries VALUES(json_extract(:body,'$.inside_poisha'),"
		" json_extract(:body,'$.outside_poisha'), :dev, :seq, :at)",
	}},
	{NULL, {NULL}},
};

/* attendee_added in bulk (schema.h). */
const char schema_added_bulk_table[] =
	"CREATE TEMP TABLE IF NOT EXISTS added_bulk(n INTEGER PRIMARY KEY,"
	" dev TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT)";
const char schema_added_bulk_put[] =
	"INSERT INTO temp.added_bulk(dev, seq, id) VALUES(:dev, :seq, " BODY_ID ")";
#define BULK_ENTRIES "temp.added_bulk b JOIN journal j ON j.device_id = b.dev AND j.seq = b.seq"
const char schema_added_bulk_entries[] =
	"SELECT j.device_id, j.seq, j.at_ms, j.kind, j.body FROM " BULK_ENTRIES " ORDER BY b.n";
/* attendee_added's statements for all the entries at once, in the order the
 * entries were put (the first of two entries with one id wins, as one by
 * one); its regroup is schema_added_bulk_regroup, for the picked ids. */
const char *const schema_added_bulk[] = {
	"INSERT OR IGNORE INTO door_counts(door) VALUES('')",
	ATTENDEE_COLS " SELECT json_extract(j.body,'$.id'),"
	ADDED_VALUES("j.body", "j.device_id", "j.seq", "j.at_ms") " FROM " BULK_ENTRIES " ORDER BY b.n",
	ATTENDEE_LATEST_SET " WHERE id IN (SELECT json_extract(j.body,'$.id') FROM journal j"
	" WHERE j.kind = 'attendee_updated' AND json_extract(j.body,'$.id') IN (SELECT id FROM temp.added_bulk))",
	"UPDATE door_counts SET expected = expected + (SELECT count(*) FROM temp.added_bulk b"
	" JOIN attendees a ON a.id = b.id AND a.device_id = b.dev AND a.seq = b.seq"
	" WHERE a.event_id = " CURRENT_EVENT
	" AND NOT EXISTS(SELECT 1 FROM revocations r WHERE r.attendee_id = b.id)) WHERE door = ''",
	NULL,
};
/* A group without a walk-in has no alias rows, before or after: the regroup
 * of an id in one changes nothing. The walk-ins' list is read by their own
 * index (attendees_walkin_group: a term "phone_bi IS NOT NULL" here made
 * SQLite read the phone index, the whole roster, instead). */
const char schema_added_bulk_regroup_pick[] =
	"SELECT b.id FROM temp.added_bulk b LEFT JOIN attendees a ON a.id = b.id"
	" WHERE b.id IN (SELECT attendee_id FROM guest_aliases)"
	" OR (a.event_id, a.phone_bi) IN (SELECT event_id, phone_bi FROM attendees"
	"  WHERE walkin = 1) ORDER BY b.n";
const char *const schema_added_bulk_regroup[] = {ALIASES_REGROUP(":id"), NULL};
_Static_assert(sizeof schema_added_bulk_regroup / sizeof schema_added_bulk_regroup[0] <=
		       SCHEMA_BULK_REGROUP_MAX + 1,
	       "store_journal.c's bulk_regroup prepares SCHEMA_BULK_REGROUP_MAX statements");
const char schema_added_bulk_clear[] = "DELETE FROM temp.added_bulk";

const char *const schema_projection_tables[] = {
	"events", "attendees", "revocations", "checkins", "checkin_undos", "rejections",
	"catalog_entries", "orders", "order_lines", "order_cancels", "stock_adjustments",
	"feedback", "door_counts", "payments", "seller_pay_entries",
	"delivery_entries", "delivery_charge_entries", "exits", "stations", "station_visits",
	"guest_aliases", NULL,
};
