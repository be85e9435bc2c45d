/* sync_store.h - the store queries of sync/ that are not journal appends:
 * revocations of devices and the like. Adapter: sqlite3 through store.
 * (Issue 11 moves the rest of sync/'s SQL here.) */
#ifndef KIOSK_SYNC_STORE_H
#define KIOSK_SYNC_STORE_H

#include "core/kerr.h"
#include "store.h"

#define SYNC_STORE_KIND_REVOKED "device_revoked"
#define SYNC_STORE_TAG_REVOKED "KREVOKE1"

/* The newest `device_revoked` entry journaled by root about device_id:
 * 1 with its event id, signer and signature (hex, as journaled), 0 if none,
 * -1 on error. */
int sync_store_revocation(struct store *st, const char *root, const char *device_id,
			  char event[64], char by[80], char sig[160], char err[KERR_LEN]);

/* Before a big import (a pull): a page cache that holds it (64 MiB at most,
 * taken only as pages are used). Returns 0 or -1. */
int sync_store_bulk(struct store *st, char err[KERR_LEN]);

#endif
