/* keys.c - the event's Ed25519 keys: secret key in DATA/event.key (0600),
 * public keys in the store. Adapter: files, libsodium, store. */
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/dfile.h"
#include "db.h"
#include "store.h"

int keys_generate(struct store *st, const char *data_dir, char err[KERR_LEN])
{
	uint8_t pk[TICKET_PK_LEN], sk[TICKET_SK_LEN];
	char hex[TICKET_SK_LEN * 2 + 2], path[4096], old[4200], event_id[32];
	sqlite3_stmt *s;
	struct stat sb;
	int rc;

	if (store_meta_get(st, "event_id", event_id, sizeof event_id) <= 0)
		return kerr(err, "no event in this store");
	(void)snprintf(path, sizeof path, "%s/%s", data_dir, KEYS_SECRET_FILE);
	crypto_sign_keypair(pk, sk);
	sodium_bin2hex(hex, sizeof hex, sk, sizeof sk);
	sodium_memzero(sk, sizeof sk);
	strcat(hex, "\n");
	/* Keep the previous secret key beside it: tickets already sent out stay
	 * re-issuable, and its public key stays valid (rotation). */
	if (stat(path, &sb) == 0) {
		int i;

		for (i = 1; i < 1000; i++) {
			(void)snprintf(old, sizeof old, "%s.%d", path, i);
			if (stat(old, &sb) != 0)
				break;
		}
		if (rename(path, old) != 0)
			return kerr(err, "cannot keep the old key as '%s': %s", old, strerror(errno));
	}
	if (sqlite3_prepare_v2(store_db(st), "INSERT INTO event_keys VALUES(?1, ?2,"
				" CAST(strftime('%s','now') AS INTEGER)*1000, 0)", -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "cannot store the public key: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_blob(s, 1, pk, sizeof pk, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(s, 2, event_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_finalize(s);
		return kerr(err, "cannot store the public key: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return kerr(err, "cannot store the public key: %s", sqlite3_errmsg(store_db(st)));
	rc = dfile_write(path, hex, strlen(hex), 0600, 0, err);
	sodium_memzero(hex, sizeof hex);
	return rc;
}

int keys_load_secret(const char *data_dir, uint8_t sk[TICKET_SK_LEN], char err[KERR_LEN])
{
	char path[4096], hex[TICKET_SK_LEN * 2 + 8];
	struct stat sb;
	size_t bin_len;
	ssize_t n;
	int fd;

	(void)snprintf(path, sizeof path, "%s/%s", data_dir, KEYS_SECRET_FILE);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return kerr(err, "cannot open '%s': %s", path, strerror(errno));
	}
	if (fstat(fd, &sb) != 0 || (sb.st_mode & 077) != 0) {
		(void)close(fd); /* read-only */
		return kerr(err, "'%s' must be readable by its owner only (chmod 600 it)", path);
	}
	n = read(fd, hex, sizeof hex - 1);
	(void)close(fd); /* read-only */
	if (n < 0)
		return kerr(err, "cannot read '%s': %s", path, strerror(errno));
	hex[n] = '\0';
	if (sodium_hex2bin(sk, TICKET_SK_LEN, hex, (size_t)n, "\r\n", &bin_len, NULL) != 0 ||
	    bin_len != TICKET_SK_LEN) {
		sodium_memzero(hex, sizeof hex);
		return kerr(err, "'%s' is not an event secret key", path);
	}
	sodium_memzero(hex, sizeof hex);
	return 1;
}

int keys_public(struct store *st, uint8_t pk[][TICKET_PK_LEN], int max, char err[KERR_LEN])
{
	static const char sql[] = "SELECT pubkey FROM event_keys WHERE retired=0 AND"
				  " event_id=(SELECT value FROM meta WHERE key='event_id')"
				  " ORDER BY added_ms DESC";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int n = 0, rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < max) {
		if (sqlite3_column_bytes(s, 0) != TICKET_PK_LEN)
			continue;
		memcpy(pk[n++], sqlite3_column_blob(s, 0), TICKET_PK_LEN);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kerr(err, "cannot read the event keys: %s", sqlite3_errmsg(store_db(st)));
	return n;
}

int64_t keys_count_valid(struct store *st, char err[KERR_LEN])
{
	static const char sql[] = "SELECT count(*) FROM event_keys WHERE retired=0 AND"
				  " event_id=(SELECT value FROM meta WHERE key='event_id')";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int64_t n = -1;

	if (!s)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	else
		kerr(err, "cannot count the event keys: %s", sqlite3_errmsg(store_db(st)));
	sqlite3_reset(s);
	return n;
}
