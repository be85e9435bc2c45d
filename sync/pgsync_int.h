/* pgsync_int.h - what pgsync.c and pgsync_push.c share: a session and the
 * plain statements. Private to sync/. Adapter: libpq. */
#ifndef KIOSK_PGSYNC_INT_H
#define KIOSK_PGSYNC_INT_H

#include <libpq-fe.h>

#include "core/kerr.h"
#include "pgsync.h"

struct pgsync_conn {
	PGconn *c;
	char url[PGSYNC_URL_MAX];
	int staged;      /* the session's staging table exists */
};

/* The first line of a libpq message, into buf. */
const char *pg_first_line(const char *msg, char buf[KERR_LEN]);
/* Run sql; on failure err is "what: the server's first line". 0 or -1. */
int pg_exec_ok(PGconn *c, const char *sql, const char *what, char err[KERR_LEN]);
/* ROLLBACK, best effort (the error being reported is the first one). */
void pg_rollback(PGconn *c);
/* The server's reason for a failed result into m (first line), and for a
 * statement or lock timeout what it means and what to do. Returns m. */
const char *pg_why(const PGresult *r, char m[KERR_LEN]);

#endif
