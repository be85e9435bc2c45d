/* pgsync.h - the PostgreSQL transport (libpq). The server holds
 * kiosk_journal(device_id, seq, ..., event_id) keyed on (event_id, device_id,
 * seq), kiosk_tips (a signed tip per pushed batch, see trust.h) and
 * kiosk_devices (which login role is which device of which event, and its
 * kind). One database holds many events. Row-level security lets a device's
 * role insert only its own rows of its event and read only its event, and in
 * it what its kind needs (see schema_v2 in pgsync.c); nobody but the owner may
 * update or delete. Every wait is limited (pgsync_set_timeout). TLS comes
 * through the connection string, passwords through a libpq passfile.
 * Adapter: libpq + store + trust; prints nothing. */
#ifndef KIOSK_PGSYNC_H
#define KIOSK_PGSYNC_H

#include <stddef.h>
#include <stdint.h>

#include "bundle.h"
#include "core/kerr.h"
#include "store/store.h"

#define PGSYNC_SCHEMA_VERSION 5
#define PGSYNC_TIMEOUT_DEFAULT 30   /* seconds, for every wait on the network */
#define PGSYNC_BATCH_DEFAULT 50000
#define PGSYNC_ROLE_PREFIX "kiosk_"   /* + device id */
#define PGSYNC_URL_MAX 1024

/* Every later connection: connect, statement and lock waits at most seconds
 * (<= 0: the default), TCP keepalives on. Set before any thread connects. */
void pgsync_set_timeout(int seconds);
int pgsync_timeout(void);
/* A libpq passfile (PGPASSFILE format) for later connections ("" or NULL:
 * libpq's default). Set before any thread connects. */
void pgsync_set_passfile(const char *path);

/* A sync target (a folder, a postgresql:// URL or a keyword connection
 * string) without its password (user:password@, ?password=... and
 * password=... or password='...') into out[cap]: what may be stored, shown
 * or logged. Every message and stored value that names a target goes
 * through here. Pure: no libpq. */
void pgsync_url_redact(const char *url, char *out, size_t cap);

/* If url carries a password, write it to the libpq passfile at path (mode
 * 0600, PGPASSFILE format "host:port:dbname:user:password", replacing an
 * entry for the same host, port, database and user). Returns 1 saved, 0 the
 * url has no password, -1 error. */
int pgsync_save_password(const char *url, const char *path, char err[KERR_LEN]);
#define PGSYNC_PASSFILE "pgpass"   /* DATA/pgpass */

/* Create or migrate the schema, as the database's owner. Idempotent and safe
 * to run from several processes at once (an advisory lock serialises it). */
int pgsync_setup(const char *url, char err[KERR_LEN]);

/* Create (or update) the login role of device_id, member of kiosk_device, and
 * map it to that device of event_id with its kind ("organizer", "door" or
 * "desk": what it may read, see schema_v2). password may be NULL
 * (certificate or trust auth). role_out[64] receives the role name. As the
 * owner. */
int pgsync_enrol(const char *url, const char *device_id, const char *event_id, const char *kind,
		 const char *password, char *role_out, char err[KERR_LEN]);

/* Push this device's entries beyond the server's watermark: per batch of
 * `batch` entries, one transaction of COPY into a temporary staging table,
 * INSERT ... ON CONFLICT DO NOTHING, and the batch's signed tip. After any
 * failure (network, server crash) the next push resumes from the server's
 * watermark. Before writing: the role must be this device's, of this event;
 * a server entry that differs from ours is a fork (-1, SYNC_FORK_HINT). */
int pgsync_push(struct store *st, const char *data_dir, const char *url, int batch,
		int64_t now_ms, struct sync_stats *stats, sync_progress_fn progress, void *ctx,
		char err[KERR_LEN]);

/* One open session (connection, schema checked, staging table made once) so a
 * background worker does not pay connection setup on every push. A session
 * is used by one thread at a time. pgsync_conn_open returns 0 or -1 (err). */
struct pgsync_conn;
int pgsync_conn_open(struct pgsync_conn **out, const char *url, int timeout_s, char err[KERR_LEN]);
void pgsync_conn_close(struct pgsync_conn *pc);
/* 1 if the session is still connected and was opened for url. */
int pgsync_conn_is_ok(const struct pgsync_conn *pc, const char *url);
/* pgsync_push over an open session. After -1 the session may be broken:
 * check pgsync_conn_is_ok and reopen. */
int pgsync_push_on(struct pgsync_conn *pc, struct store *st, const char *data_dir, int batch,
		   int64_t now_ms, struct sync_stats *stats, sync_progress_fn progress, void *ctx,
		   char err[KERR_LEN]);

/* Pull the other devices' entries of this store's event up to their latest
 * signed tips, check them like a bundle (enrolment, revocation, signature,
 * chain) and merge in one transaction, each device all-or-nothing: a device
 * whose rows do not check is refused (stats->refused, one line each) and the
 * others are applied. On -1 (the server failed or stalled) nothing is applied. */
int pgsync_pull(struct store *st, const char *url, int64_t now_ms, struct sync_stats *stats,
		sync_progress_fn progress, void *ctx, char err[KERR_LEN]);

/* 1 if the server answers within timeout_s (for the background step). */
int pgsync_is_reachable(const char *url, int timeout_s);

#endif
