/* enrol.c - write and join enrolment bundles (see enrol.h).
 * Adapter: store, files, libsodium; prints nothing. */
#include "enrol.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "io/dfile.h"
#include "store/census.h"
#include "store/keys.h"
#include "store/syncdb.h"
#include "store/vault.h"
#include "segment.h"
#include "sync.h"
#include "trust.h"

/* The settings a device needs from the organizer's store; the device's own
 * (device_id, device_name, sync_*, PIN tries) stay its own. The data key
 * travels wrapped on "vault" lines of its own (join_vault), so a device
 * passphrase given at join is not overwritten by the event's wrap. */
static const char *const shared_meta[] = {
	"event_id", "event_name", "starts_ms", "ends_ms", "tz_offset_min", "tz_name", "pin_hash",
	NULL,
};

/* ---- writing (organizer) ---------------------------------------------- */

/* "door 1" -> "door-1": a readable prefix for the device id. */
static void slug(const char *name, char *out, size_t cap)
{
	size_t n = 0;
	const char *p;

	for (p = name; *p && n + 1 < cap; p++) {
		char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[n++] = c;
		else if (c >= 'A' && c <= 'Z')
			out[n++] = (char)(c - 'A' + 'a');
		else if (n > 0 && out[n - 1] != '-')
			out[n++] = '-';
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
}

static int put_meta(struct store *st, struct segbuf *b, char err[KERR_LEN])
{
	char v[512];
	int i, r;

	for (i = 0; shared_meta[i]; i++) {
		r = store_meta_get(st, shared_meta[i], v, sizeof v);
		if (r < 0)
			return kerr(err, "cannot read meta '%s'", shared_meta[i]);
		if (r == 0)
			continue;
		if (strchr(v, '\n'))
			return kerr(err, "meta '%s' holds a line break", shared_meta[i]);
		if (segbuf_printf(b, "meta %s %s\n", shared_meta[i], v) != 0)
			return kerr(err, "out of memory");
	}
	return 0;
}

/* The wrapped data key ("vault pass ...", "vault card ..."): what a door
 * needs to open its store with the event passphrase or the unlock card. An
 * order desk gets its partial key set (desk_wrap) and no card wrap. */
static int put_wraps(struct store *st, const char *desk_wrap, struct segbuf *b, char err[KERR_LEN])
{
	static const char *const which[] = {"pass", "card", NULL};
	char w[VAULT_WRAP_MAX];
	int i, r;

	if (desk_wrap)
		return segbuf_printf(b, "vault pass %s\n", desk_wrap) != 0 ? kerr(err, "out of memory")
									    : 0;

	for (i = 0; which[i]; i++) {
		r = vault_wrapped_get(st, which[i], w, err);
		if (r < 0)
			return -1;
		if (r > 0 && segbuf_printf(b, "vault %s %s\n", which[i], w) != 0)
			return kerr(err, "out of memory");
	}
	return 0;
}

static int put_key(void *ctx, const uint8_t *pk, const char *ev, int64_t added_ms, int retired,
		   char err[KERR_LEN])
{
	char hex[2 * TICKET_PK_LEN + 1];

	if (!pk || strpbrk(ev, " \n"))
		return kerr(err, "malformed row in event_keys");
	trust_hex(pk, TICKET_PK_LEN, hex);
	if (segbuf_printf(ctx, "key %s %s %lld %d\n", hex, ev, (long long)added_ms, retired) != 0)
		return kerr(err, "out of memory");
	return 0;
}

static int put_keys(struct store *st, struct segbuf *b, char err[KERR_LEN])
{
	return syncdb_event_keys_each(st, put_key, b, err);
}

/* The other devices' entries held here, each up to its latest signed tip,
 * with that device's own signature: a door joining late knows at once which
 * tickets were already used elsewhere. */
struct others {
	struct store *st;
	const char *ev;
	struct segbuf *b, seg;
};

static int put_other(void *ctx, const char *dev, int64_t seq, const uint8_t *hash,
		     const uint8_t *sig, char err[KERR_LEN])
{
	struct others *o = ctx;
	uint8_t held[STORE_HASH_LEN];
	struct trust_cut cut;
	int h;

	h = bundle_held_hash(o->st, dev, seq, held, err);
	if (h < 0)
		return -1;
	/* A tip that no longer matches what is held is left out, not passed on. */
	if (h == 0 || memcmp(held, hash, STORE_HASH_LEN) != 0)
		return 0;
	/* So are the entries of a revoked device past its cut-off: its entries
	 * up to it go when they end at this tip (the organizer holds no more
	 * of it than the cut-off, see trust_revoke). */
	h = trust_cut(o->st, dev, &cut, err);
	if (h < 0)
		return -1;
	if (h == 1 && seq > cut.cutoff)
		return 0;
	o->seg.len = 0;
	if (bundle_format_range(o->st, o->ev, dev, 1, seq, NULL, sig, &o->seg, NULL, NULL, err) != 0)
		return -1;
	if (segbuf_printf(o->b, "segment %zu\n", o->seg.len) != 0 ||
	    segbuf_put(o->b, o->seg.buf, o->seg.len) != 0)
		return kerr(err, "out of memory");
	return 0;
}

static int put_others(struct store *st, const char *ev, const char *root, struct segbuf *b,
		      char err[KERR_LEN])
{
	struct others o = {st, ev, b, {0}};
	int r = syncdb_latest_tips_each(st, root, put_other, &o, err);

	free(o.seg.buf);
	return r;
}

int enrol_add(struct store *st, const char *data_dir, const char *name, const char *out_path,
	      const char *desk_wrap, int64_t now_ms, char *id_out, char err[KERR_LEN])
{
	char id[STORE_DEVICE_ID_MAX], pre[24], hex[2 * TRUST_SK_LEN + 1], ev[SEGMENT_EVENT_MAX];
	char root[STORE_DEVICE_ID_MAX + 1], rhex[2 * 3 + 1], sealed[512];
	uint8_t rnd[3], pk[TRUST_PK_LEN], sk[TRUST_SK_LEN], root_sk[TRUST_SK_LEN];
	uint8_t event_sk[TICKET_SK_LEN], check[STORE_HASH_LEN];
	struct segbuf b = {0}, seg = {0};
	int64_t max;
	int r = -1, in_tx = 0, wrote = 0;

	if (!*name || strlen(name) >= TRUST_NAME_MAX || strpbrk(name, "\n\r"))
		return kerr(err, "device name must be 1..%d characters on one line", TRUST_NAME_MAX - 1);
	r = keys_load_secret(st, data_dir, event_sk, err);
	sodium_memzero(event_sk, sizeof event_sk);
	if (r < 0)
		return -1;
	if (r == 0)
		return kerr(err, "devices are added on the organizer's machine (the one with "
				 "'%s/%s'); this is not it", data_dir, KEYS_SECRET_FILE);
	r = -1;
	if (sync_migrate(st, err) != 0 || trust_ensure_root(st, data_dir, now_ms, err) < 0 ||
	    trust_root(st, root, err) != 1 || trust_self_secret(st, data_dir, root_sk, err) != 0 ||
	    bundle_event_id(st, ev) != 0)
		goto out;
	if (strcmp(root, store_device_id(st)) != 0) {
		kerr(err, "devices are added on the organizer's machine ('%s'), not on this device",
		     root);
		goto out;
	}
	slug(name, pre, sizeof pre);
	randombytes_buf(rnd, sizeof rnd);
	trust_hex(rnd, sizeof rnd, rhex);
	(void)snprintf(id, sizeof id, "%.20s%s%s", pre, *pre ? "-" : "d", rhex);
	if (crypto_sign_keypair(pk, sk) != 0) {
		kerr(err, "cannot make a key pair");
		goto out;
	}
	if (store_begin(st, err) != 0)
		goto out;
	in_tx = 1;
	if (trust_enrol(st, id, name, pk, now_ms, err) != 0 ||
	    bundle_local_max(st, root, &max, err) != 0)
		goto out;
	trust_hex(sk, TRUST_SK_LEN, hex);
	/* The device's key travels sealed by the event's data key (issue 14),
	 * with the data key wrapped as the organizer's store keeps it: the
	 * bundle opens only with the event passphrase (or the unlock card). */
	if (vault_is_set(st) > 0 && vault_seal(st, hex, sealed, sizeof sealed, err) != 0)
		goto out;
	if (segbuf_printf(&b, "%s\ndevice %s\nname %s\nsecret %s\nroot %s\n", ENROL_MAGIC, id, name,
			  vault_is_set(st) > 0 ? sealed : hex, root) != 0) {
		kerr(err, "out of memory");
		goto out;
	}
	if (put_wraps(st, desk_wrap, &b, err) != 0 || put_meta(st, &b, err) != 0 || put_keys(st, &b, err) != 0 ||
	    bundle_format_range(st, ev, root, 1, max, root_sk, NULL, &seg, NULL, NULL, err) != 0)
		goto out;
	if (segbuf_printf(&b, "segment %zu\n", seg.len) != 0 || segbuf_put(&b, seg.buf, seg.len) != 0) {
		kerr(err, "out of memory");
		goto out;
	}
	if (put_others(st, ev, root, &b, err) != 0)
		goto out;
	crypto_generichash(check, sizeof check, (const uint8_t *)b.buf, b.len, NULL, 0);
	trust_hex(check, sizeof check, hex);
	if (segbuf_printf(&b, "check %s\n", hex) != 0) {
		kerr(err, "out of memory");
		goto out;
	}
	if (dfile_write(out_path, b.buf, b.len, 0600, 1, err) != 0)
		goto out;
	wrote = 1;
	if (store_commit(st, err) != 0)
		goto out;
	in_tx = 0;
	(void)snprintf(id_out, STORE_DEVICE_ID_MAX, "%s", id);
	r = 0;
out:
	if (in_tx)
		store_rollback(st);
	if (r != 0 && wrote)
		(void)unlink(out_path); /* the enrolment did not commit: the file must not live */
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(root_sk, sizeof root_sk);
	sodium_memzero(hex, sizeof hex);
	sodium_memzero(sealed, sizeof sealed);
	if (b.buf)
		sodium_memzero(b.buf, b.len);
	free(b.buf);
	free(seg.buf);
	return r;
}

/* ---- joining (new device) ---------------------------------------------- */

#define JOIN_META_MAX 16
#define JOIN_KEYS_MAX 16
#define JOIN_OTHERS_MAX 256

struct bundle_in {
	char id[STORE_DEVICE_ID_MAX], name[TRUST_NAME_MAX], root[STORE_DEVICE_ID_MAX];
	uint8_t sk[TRUST_SK_LEN];
	char secret_sealed[512];             /* "" when the secret came in clear */
	char wrap_pass[VAULT_WRAP_MAX], wrap_card[VAULT_WRAP_MAX];
	char meta_key[JOIN_META_MAX][32], meta_val[JOIN_META_MAX][512];
	int nmeta;
	uint8_t key_pk[JOIN_KEYS_MAX][TICKET_PK_LEN];
	char key_event[JOIN_KEYS_MAX][64];
	long long key_added[JOIN_KEYS_MAX];
	int key_retired[JOIN_KEYS_MAX], nkeys;
	struct segment seg;                  /* the organizer's */
	struct segment others[JOIN_OTHERS_MAX];
	int nothers;
};

/* The next line of buf as a NUL-terminated copy in line[cap]. */
static int take_line(const char **p, const char *end, char *line, size_t cap)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n;

	if (!nl || (size_t)(nl - *p) >= cap)
		return -1;
	n = (size_t)(nl - *p);
	memcpy(line, *p, n);
	line[n] = '\0';
	if (memchr(line, '\0', n))
		return -1;
	*p = nl + 1;
	return 0;
}

static int tag_value(const char *line, const char *tag, const char **v)
{
	size_t t = strlen(tag);

	if (strncmp(line, tag, t) != 0 || line[t] != ' ')
		return -1;
	*v = line + t + 1;
	return 0;
}

static void release_bundle(struct bundle_in *in)
{
	int i;

	segment_release(&in->seg);
	for (i = 0; i < in->nothers; i++)
		segment_release(&in->others[i]);
	in->nothers = 0;
}

static int parse_bundle(const char *buf, size_t len, struct bundle_in *in, char err[KERR_LEN])
{
	const char *p = buf, *end = buf + len, *v, *check_at;
	char line[1024];
	uint8_t want[STORE_HASH_LEN], got[STORE_HASH_LEN], pk[TRUST_PK_LEN];
	size_t i;
	int found;

	memset(in, 0, sizeof *in);
	/* The check line first: nothing is trusted from a truncated or altered file. */
	if (len < 72 || buf[len - 1] != '\n')
		return kerr(err, "not a complete enrolment bundle (truncated?)");
	check_at = end - 1;
	while (check_at > buf && check_at[-1] != '\n')
		check_at--;
	if (strncmp(check_at, "check ", 6) != 0 ||
	    trust_unhex(check_at + 6, (size_t)(end - 1 - check_at - 6), want, sizeof want) != 0)
		return kerr(err, "not a complete enrolment bundle (truncated?)");
	crypto_generichash(got, sizeof got, (const uint8_t *)buf, (size_t)(check_at - buf), NULL, 0);
	if (sodium_memcmp(got, want, sizeof got) != 0)
		return kerr(err, "the enrolment bundle is damaged (checksum does not match)");
	end = check_at;
	if (take_line(&p, end, line, sizeof line) != 0 || strcmp(line, ENROL_MAGIC) != 0)
		return kerr(err, "not an enrolment bundle");
	if (take_line(&p, end, line, sizeof line) != 0 || tag_value(line, "device", &v) != 0 ||
	    !trust_id_is_valid(v))
		return kerr(err, "bad device line in the enrolment bundle");
	memcpy(in->id, v, strlen(v) + 1); /* valid ids fit: see trust_id_is_valid */
	if (take_line(&p, end, line, sizeof line) != 0 || tag_value(line, "name", &v) != 0 ||
	    strlen(v) >= sizeof in->name)
		return kerr(err, "bad name line in the enrolment bundle");
	memcpy(in->name, v, strlen(v) + 1);
	if (take_line(&p, end, line, sizeof line) != 0 || tag_value(line, "secret", &v) != 0)
		return kerr(err, "bad secret line in the enrolment bundle");
	if (vault_is_sealed(v)) {
		if (strlen(v) >= sizeof in->secret_sealed)
			return kerr(err, "bad secret line in the enrolment bundle");
		memcpy(in->secret_sealed, v, strlen(v) + 1);
	} else if (trust_unhex(v, strlen(v), in->sk, TRUST_SK_LEN) != 0) {
		return kerr(err, "bad secret line in the enrolment bundle");
	}
	sodium_memzero(line, sizeof line);
	if (take_line(&p, end, line, sizeof line) != 0 || tag_value(line, "root", &v) != 0 ||
	    !trust_id_is_valid(v))
		return kerr(err, "bad root line in the enrolment bundle");
	memcpy(in->root, v, strlen(v) + 1);
	for (;;) {
		if (take_line(&p, end, line, sizeof line) != 0)
			return kerr(err, "enrolment bundle ends before its journal");
		if (tag_value(line, "vault", &v) == 0) {
			char *dst = strncmp(v, "pass ", 5) == 0 ? in->wrap_pass
				    : strncmp(v, "card ", 5) == 0 ? in->wrap_card : NULL;

			if (!dst || *dst || strlen(v + 5) >= VAULT_WRAP_MAX || !v[5])
				return kerr(err, "bad vault line in the enrolment bundle");
			memcpy(dst, v + 5, strlen(v + 5) + 1);
		} else if (tag_value(line, "meta", &v) == 0) {
			const char *sp = strchr(v, ' ');

			if (!sp || in->nmeta >= JOIN_META_MAX || (size_t)(sp - v) >= 32 ||
			    strlen(sp + 1) >= 512)
				return kerr(err, "bad meta line in the enrolment bundle");
			for (i = 0; shared_meta[i]; i++)
				if (strlen(shared_meta[i]) == (size_t)(sp - v) &&
				    strncmp(shared_meta[i], v, (size_t)(sp - v)) == 0)
					break;
			if (!shared_meta[i])
				return kerr(err, "unexpected meta key in the enrolment bundle");
			(void)snprintf(in->meta_key[in->nmeta], 32, "%s", shared_meta[i]);
			(void)snprintf(in->meta_val[in->nmeta], 512, "%s", sp + 1);
			in->nmeta++;
		} else if (tag_value(line, "key", &v) == 0) {
			char hex[80], ev[64];
			long long added;
			int retired, n = 0;

			if (in->nkeys >= JOIN_KEYS_MAX ||
			    sscanf(v, "%79s %63s %lld %d%n", hex, ev, &added, &retired, &n) != 4 ||
			    v[n] != '\0' ||
			    trust_unhex(hex, strlen(hex), in->key_pk[in->nkeys], TICKET_PK_LEN) != 0)
				return kerr(err, "bad key line in the enrolment bundle");
			(void)snprintf(in->key_event[in->nkeys], 64, "%s", ev);
			in->key_added[in->nkeys] = added;
			in->key_retired[in->nkeys] = retired;
			in->nkeys++;
		} else if (tag_value(line, "segment", &v) == 0) {
			char *e;
			unsigned long long n = strtoull(v, &e, 10);

			if (*e || n > (unsigned long long)(end - p))
				return kerr(err, "bad segment length in the enrolment bundle");
			if (segment_parse(p, (size_t)n, &in->seg, err) != 0)
				return -1;
			p += n;
			break;
		} else {
			return kerr(err, "unexpected line in the enrolment bundle");
		}
	}
	/* Then the other devices' segments; they are checked against the
	 * enrolments in the organizer's journal when applied. */
	while (p < end) {
		char *e;
		unsigned long long n;

		if (take_line(&p, end, line, sizeof line) != 0 || tag_value(line, "segment", &v) != 0 ||
		    in->nothers >= JOIN_OTHERS_MAX)
			goto bad_layout;
		n = strtoull(v, &e, 10);
		if (*e || n > (unsigned long long)(end - p))
			goto bad_layout;
		if (segment_parse(p, (size_t)n, &in->others[in->nothers], err) != 0)
			goto fail;
		in->nothers++;
		p += n;
	}
	/* The journal must be the organizer's, and it enrols both itself and
	 * this device: that is what later pulls will trust. */
	if (strcmp(in->seg.device_id, in->root) != 0 || in->seg.first != 1)
		goto bad;
	found = 0;
	for (i = 0; i < in->seg.n; i++) {
		const struct entry *e = &in->seg.entries[i];
		char id[STORE_DEVICE_ID_MAX + 8];

		if (strcmp(e->kind, TRUST_KIND_ENROLLED) != 0)
			continue;
		/* Only our own writer made these bodies: device_id comes first. */
		if (sscanf(e->body, "{\"device_id\":\"%47[^\"]\"", id) != 1)
			continue;
		if (strcmp(id, in->root) == 0 && !found) {
			const char *pkh = strstr(e->body, "\"pubkey\":\"");

			if (pkh && trust_unhex(pkh + 10, 2 * TRUST_PK_LEN, pk, TRUST_PK_LEN) == 0)
				found = 1;
		}
	}
	if (!found || !segment_is_signed_by(&in->seg, pk))
		goto bad;
	if (in->secret_sealed[0] && !in->wrap_pass[0]) {
		kerr(err, "the enrolment bundle holds a sealed key but no wrapped data key");
		goto fail;
	}
	return 0;
bad:
	kerr(err, "the journal in the enrolment bundle is not signed by its organizer");
	goto fail;
bad_layout:
	kerr(err, "bad segment line in the enrolment bundle");
fail:
	release_bundle(in);
	return -1;
}

static int store_is_empty(struct store *st, char err[KERR_LEN])
{
	int64_t entries, devices;
	char m[KERR_LEN];

	if (census_count(st, &entries, &devices, m) != 0)
		return kerr(err, "cannot read the journal: %s", m);
	return entries == 0;
}

static int insert_keys(struct store *st, const struct bundle_in *in, char err[KERR_LEN])
{
	int i;

	for (i = 0; i < in->nkeys; i++)
		if (syncdb_event_key_add(st, in->key_pk[i], in->key_event[i], in->key_added[i],
					 in->key_retired[i], err) != 0)
			return -1;
	return 0;
}

/* Remove what a failed join created, so the data dir is as it was. */
static void undo_files(const char *data_dir, int made_db, int made_key, int made_dir)
{
	static const char *const db_files[] = {STORE_FILE, STORE_FILE "-wal", STORE_FILE "-shm",
					       STORE_FILE "-journal", NULL};
	char path[PATH_MAX];
	int i;

	if (made_db)
		for (i = 0; db_files[i]; i++) {
			(void)snprintf(path, sizeof path, "%s/%s", data_dir, db_files[i]);
			(void)unlink(path); /* best effort: most of these do not exist */
		}
	if (made_key) {
		(void)snprintf(path, sizeof path, "%s/%s", data_dir, TRUST_SECRET_FILE);
		(void)unlink(path);
	}
	if (made_dir)
		(void)rmdir(data_dir); /* only if it is empty again */
}

/* Take the data key the bundle carries and open the device key sealed by it:
 * 0, 1 wrong passphrase, -1. */
static int join_vault(struct store *st, struct bundle_in *in, const struct enrol_secret *sec,
		      char err[KERR_LEN])
{
	char hex[2 * TRUST_SK_LEN + 8];
	int r;

	if (!in->secret_sealed[0])
		return 0; /* a bundle of an event made before encryption */
	if (!sec || !sec->pass || !sec->n)
		return kerr(err, "the enrolment bundle is encrypted: give the event passphrase");
	if (vault_wrapped_put(st, "pass", in->wrap_pass, err) != 0 ||
	    (in->wrap_card[0] && vault_wrapped_put(st, "card", in->wrap_card, err) != 0))
		return -1;
	r = vault_unlock(st, sec->pass, sec->n, err);
	if (r != 0)
		return r;
	r = vault_open(st, in->secret_sealed, hex, sizeof hex, err);
	if (r == 0 && trust_unhex(hex, strlen(hex), in->sk, TRUST_SK_LEN) != 0)
		r = kerr(err, "bad secret line in the enrolment bundle");
	sodium_memzero(hex, sizeof hex);
	if (r == 0 && sec->device_pass && sec->dn && vault_rewrap(st, sec->device_pass, sec->dn, err) != 0)
		r = -1;
	return r;
}

int enrol_join(const char *data_dir, const char *path, int64_t now_ms,
	       const struct enrol_secret *sec, char *id_out, char err[KERR_LEN])
{
	struct bundle_in *in = calloc(1, sizeof *in);
	struct store *st = NULL;
	char *buf = NULL, dbpath[PATH_MAX];
	size_t len = 0, i;
	struct stat sb;
	int r = -1, made_db = 0, made_key = 0, made_dir = 0, in_tx = 0, rr;

	(void)now_ms;
	if (!in)
		return kerr(err, "out of memory");
	rr = dfile_read(path, &buf, &len, ENROL_FILE_MAX, err);
	if (rr <= 0) {
		if (rr == 0)
			kerr(err, "cannot open '%s': No such file or directory", path);
		goto out;
	}
	if (parse_bundle(buf, len, in, err) != 0)
		goto out;
	(void)snprintf(dbpath, sizeof dbpath, "%s/%s", data_dir, STORE_FILE);
	made_dir = stat(data_dir, &sb) != 0;
	made_db = stat(dbpath, &sb) != 0;
	if (store_open(&st, data_dir, 1, err) != 0)
		goto out;
	rr = store_is_empty(st, err);
	if (rr <= 0) {
		if (rr == 0)
			kerr(err, "'%s' already holds a store with entries; join into an empty folder",
			     data_dir);
		goto out;
	}
	/* A fresh store picked a random id; the device's id is the enrolled one.
	 * store.c reads it from meta at open, so set it and reopen. */
	if (strcmp(store_device_id(st), in->id) != 0) {
		if (store_meta_set(st, "device_id", in->id, err) != 0)
			goto out;
		store_close(st);
		st = NULL;
		if (store_open(&st, data_dir, 0, err) != 0)
			goto out;
		if (strcmp(store_device_id(st), in->id) != 0) {
			kerr(err, "could not set the device id to '%s'", in->id);
			goto out;
		}
	}
	/* The store holds no entries: a device.key beside it is what a join
	 * killed before its commit left (a real device's store always has
	 * entries). Start that join again instead of refusing for good. */
	{
		char keypath[PATH_MAX];

		(void)snprintf(keypath, sizeof keypath, "%s/%s", data_dir, TRUST_SECRET_FILE);
		if (unlink(keypath) != 0 && errno != ENOENT) {
			kerr(err, "cannot replace '%s' of an interrupted join: %s", keypath,
			     strerror(errno));
			goto out;
		}
	}
	rr = join_vault(st, in, sec, err);
	if (rr != 0) {
		r = rr;
		goto out;
	}
	if (trust_save_secret(st, data_dir, in->sk, err) != 0)
		goto out;
	made_key = 1;
	if (sync_migrate(st, err) != 0 || store_begin(st, err) != 0)
		goto out;
	in_tx = 1;
	for (i = 0; i < (size_t)in->nmeta; i++)
		if (store_meta_set(st, in->meta_key[i], in->meta_val[i], err) != 0)
			goto out;
	if (store_meta_set(st, TRUST_META_ROOT, in->root, err) != 0 ||
	    store_meta_set(st, "device_name", in->name, err) != 0 || insert_keys(st, in, err) != 0)
		goto out;
	for (i = 0; i < in->seg.n; i++)
		if (store_merge(st, &in->seg.entries[i], err) < 0)
			goto out;
	if (trust_tip_save(st, in->seg.device_id, in->seg.last, in->seg.tip, in->seg.sig, err) != 0 ||
	    trust_self_secret(st, data_dir, in->sk, err) != 0)
		goto out;
	for (i = 0; i < (size_t)in->nothers; i++) {
		struct sync_stats stats = {0};
		char where[64];

		(void)snprintf(where, sizeof where, "entries of device '%s'", in->others[i].device_id);
		if (bundle_apply(st, &in->others[i], where, &stats, err) != 0)
			goto out;
	}
	if (trust_cuts_apply(st, NULL, NULL, err) != 0 || store_commit(st, err) != 0)
		goto out;
	in_tx = 0;
	(void)snprintf(id_out, STORE_DEVICE_ID_MAX, "%s", in->id);
	r = 0;
out:
	if (in_tx)
		store_rollback(st);
	store_close(st);
	if (r != 0)
		undo_files(data_dir, made_db, made_key, made_dir);
	if (buf) {
		sodium_memzero(buf, len);
		free(buf);
	}
	release_bundle(in);
	sodium_memzero(in, sizeof *in);
	free(in);
	return r;
}

int enrol_bundle_check(const char *buf, size_t len, char err[KERR_LEN])
{
	struct bundle_in *in = calloc(1, sizeof *in);
	int r;

	if (!in)
		return kerr(err, "out of memory");
	r = parse_bundle(buf, len, in, err);
	if (r == 0)
		release_bundle(in);
	sodium_memzero(in, sizeof *in);
	free(in);
	return r;
}
