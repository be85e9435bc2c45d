/* schema.c - the store's tables, migrations and journal projections.
 * Pure data: the SQL lives here so store.c stays generic. */
#include "schema.h"

#include <stddef.h>

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
	NULL,
};

const struct projection schema_projections[] = {
	{"event_created", {
		"INSERT OR IGNORE INTO events VALUES(json_extract(:body,'$.id'),"
		" json_extract(:body,'$.name'), json_extract(:body,'$.starts_ms'),"
		" json_extract(:body,'$.ends_ms'), json_extract(:body,'$.tz_offset_min'),"
		" :dev, :seq, :at)",
	}},
	{"attendee_added", {
		"INSERT OR IGNORE INTO attendees VALUES(json_extract(:body,'$.id'),"
		" json_extract(:body,'$.event'), json_extract(:body,'$.serial'),"
		" json_extract(:body,'$.name'), json_extract(:body,'$.phone'),"
		" json_extract(:body,'$.email'), coalesce(json_extract(:body,'$.type_id'),0),"
		" coalesce(json_extract(:body,'$.type'),'general'), json_extract(:body,'$.code'),"
		" 0, :dev, :seq, :at)",
	}},
	{"attendee_cancelled", {
		"INSERT OR IGNORE INTO revocations VALUES(json_extract(:body,'$.id'), :dev, :seq, :at)",
	}},
	{"checkin", {
		"INSERT INTO checkins VALUES(:dev, :seq, :at, json_extract(:body,'$.event'),"
		" json_extract(:body,'$.id'), json_extract(:body,'$.door'),"
		" json_extract(:body,'$.code'), 0)",
	}},
	/* A walk-in is added and checked in by one entry. */
	{"walkin", {
		"INSERT OR IGNORE INTO attendees VALUES(json_extract(:body,'$.id'),"
		" json_extract(:body,'$.event'), NULL, json_extract(:body,'$.name'),"
		" json_extract(:body,'$.phone'), NULL, 0,"
		" coalesce(json_extract(:body,'$.type'),'general'), NULL, 1, :dev, :seq, :at)",
		"INSERT INTO checkins VALUES(:dev, :seq, :at, json_extract(:body,'$.event'),"
		" json_extract(:body,'$.id'), json_extract(:body,'$.door'), NULL, 1)",
	}},
	{"checkin_rejected", {
		"INSERT INTO rejections VALUES(:dev, :seq, :at, json_extract(:body,'$.event'),"
		" json_extract(:body,'$.door'), json_extract(:body,'$.code'),"
		" json_extract(:body,'$.reason'), json_extract(:body,'$.id'))",
	}},
	{"checkin_undone", {
		"INSERT INTO checkin_undos VALUES(:dev, :seq, :at,"
		" json_extract(:body,'$.device_id'), json_extract(:body,'$.seq'))",
	}},
	{NULL, {NULL}},
};

const char *const schema_projection_tables[] = {
	"events", "attendees", "revocations", "checkins", "checkin_undos", "rejections",
	NULL,
};
