/* segment.c - format and strict parser of journal segments (see segment.h).
 * Pure: libc, libsodium, store_entry_hash(); no I/O, no clock. */
#include "segment.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bodies above this are refused: far beyond any journal entry, and it keeps a
 * hostile length field from making us allocate. */
#define SEGMENT_BODY_MAX (1 << 20)

/* ---- writing ---------------------------------------------------------- */

int segbuf_put(struct segbuf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *nb;

		while (cap < b->len + n + 1) {
			if (cap > SIZE_MAX / 2)
				return -1;
			cap *= 2;
		}
		nb = realloc(b->buf, cap);
		if (!nb)
			return -1;
		b->buf = nb;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return 0;
}

int segbuf_printf(struct segbuf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof small)
		return -1; /* only used for short lines */
	return segbuf_put(b, small, (size_t)n);
}

static int put_hex_line(struct segbuf *b, const char *tag, const uint8_t *p, size_t n)
{
	char hex[2 * 64 + 1];

	trust_hex(p, n, hex);
	return segbuf_printf(b, "%s %s\n", tag, hex);
}

int segment_begin(struct segwriter *w, struct segbuf *out, const char *event,
		  const char *device_id, int64_t first, int64_t last,
		  const uint8_t prev[STORE_HASH_LEN], char err[KERR_LEN])
{
	if (first < 1 || last < first || !trust_id_is_valid(device_id))
		return kerr(err, "bad segment range %" PRId64 "..%" PRId64, first, last);
	w->out = out;
	(void)snprintf(w->device_id, sizeof w->device_id, "%s", device_id);
	w->next = first;
	w->last = last;
	if (segbuf_printf(out, "%s\nevent %s\ndevice %s\nfirst %" PRId64 "\nlast %" PRId64 "\n",
			  SEGMENT_MAGIC, event && *event ? event : "-", device_id, first,
			  last) != 0 ||
	    put_hex_line(out, "prev", prev, STORE_HASH_LEN) != 0)
		return kerr(err, "out of memory writing a segment");
	return 0;
}

int segment_add(struct segwriter *w, const struct entry *e, char err[KERR_LEN])
{
	char hex[2 * STORE_HASH_LEN + 1];
	size_t bl = strlen(e->body);

	if (e->seq != w->next || e->seq > w->last || strcmp(e->device_id, w->device_id) != 0)
		return kerr(err, "segment of '%s': entry seq %" PRId64 " out of order",
			    w->device_id, e->seq);
	trust_hex(e->hash, STORE_HASH_LEN, hex);
	if (segbuf_printf(w->out, "e %" PRId64 " %" PRId64 " %s %s %zu\n", e->seq, e->at_ms,
			  e->kind, hex, bl) != 0 ||
	    segbuf_put(w->out, e->body, bl) != 0 || segbuf_put(w->out, "\n", 1) != 0)
		return kerr(err, "out of memory writing a segment");
	memcpy(w->tip, e->hash, STORE_HASH_LEN);
	w->next++;
	return 0;
}

int segment_end_signed(struct segwriter *w, const uint8_t sig[TRUST_SIG_LEN], char err[KERR_LEN])
{
	if (w->next != w->last + 1)
		return kerr(err, "segment of '%s' ends at seq %" PRId64 ", not %" PRId64,
			    w->device_id, w->next - 1, w->last);
	if (put_hex_line(w->out, "tip", w->tip, STORE_HASH_LEN) != 0 ||
	    put_hex_line(w->out, "sig", sig, TRUST_SIG_LEN) != 0)
		return kerr(err, "out of memory writing a segment");
	return 0;
}

int segment_end(struct segwriter *w, const uint8_t sk[TRUST_SK_LEN], char err[KERR_LEN])
{
	uint8_t sig[TRUST_SIG_LEN];

	trust_tip_sign(w->device_id, w->last, w->tip, sk, sig);
	return segment_end_signed(w, sig, err);
}

/* ---- reading ---------------------------------------------------------- */

struct rd {
	const char *p, *end;
};

/* The next line without its \n into line and n; -1 if no complete line is left. */
static int next_line(struct rd *r, const char **line, size_t *n)
{
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));

	if (!nl)
		return -1;
	*line = r->p;
	*n = (size_t)(nl - r->p);
	r->p = nl + 1;
	return 0;
}

/* "TAG VALUE": the value of a line that must start with tag and a space. */
static int tagged(const char *line, size_t n, const char *tag, const char **v, size_t *vn)
{
	size_t t = strlen(tag);

	if (n <= t || memcmp(line, tag, t) != 0 || line[t] != ' ')
		return -1;
	*v = line + t + 1;
	*vn = n - t - 1;
	return 0;
}

/* A decimal int64 >= 0 spanning exactly s[0..n), no sign, no leading zeros. */
static int parse_i64(const char *s, size_t n, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	if (n == 0 || n > 18 || (n > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* A token up to the next space (or the end): its length, 0 if none. */
static size_t token(const char *s, size_t n)
{
	const char *sp = memchr(s, ' ', n);

	return sp ? (size_t)(sp - s) : n;
}

static int text_field(const char *v, size_t vn, char *out, size_t cap)
{
	size_t i;

	if (vn == 0 || vn >= cap)
		return -1;
	for (i = 0; i < vn; i++)
		if ((unsigned char)v[i] <= ' ' || v[i] == 0x7f)
			return -1;
	memcpy(out, v, vn);
	out[vn] = '\0';
	return 0;
}

void segment_release(struct segment *seg)
{
	free(seg->entries);
	free(seg->arena);
	seg->entries = NULL;
	seg->arena = NULL;
	seg->n = 0;
}

int segment_parse(const char *buf, size_t len, struct segment *seg, char err[KERR_LEN])
{
	struct rd r = {buf, buf + len};
	const char *line, *v;
	size_t n, vn, i, arena_used = 0;
	int64_t count;
	uint8_t prev[STORE_HASH_LEN];

	memset(seg, 0, sizeof *seg);
	if (next_line(&r, &line, &n) != 0 || n != strlen(SEGMENT_MAGIC) ||
	    memcmp(line, SEGMENT_MAGIC, n) != 0)
		return kerr(err, "not a journal segment");
	if (next_line(&r, &line, &n) != 0 || tagged(line, n, "event", &v, &vn) != 0 ||
	    text_field(v, vn, seg->event, sizeof seg->event) != 0)
		return kerr(err, "bad or missing event line");
	if (next_line(&r, &line, &n) != 0 || tagged(line, n, "device", &v, &vn) != 0 ||
	    text_field(v, vn, seg->device_id, sizeof seg->device_id) != 0 ||
	    !trust_id_is_valid(seg->device_id))
		return kerr(err, "bad or missing device line");
	if (next_line(&r, &line, &n) != 0 || tagged(line, n, "first", &v, &vn) != 0 ||
	    parse_i64(v, vn, &seg->first) != 0 || seg->first < 1)
		return kerr(err, "bad or missing first line");
	if (next_line(&r, &line, &n) != 0 || tagged(line, n, "last", &v, &vn) != 0 ||
	    parse_i64(v, vn, &seg->last) != 0 || seg->last < seg->first)
		return kerr(err, "bad or missing last line");
	if (next_line(&r, &line, &n) != 0 || tagged(line, n, "prev", &v, &vn) != 0 ||
	    trust_unhex(v, vn, seg->prev, STORE_HASH_LEN) != 0)
		return kerr(err, "bad or missing prev line");
	count = seg->last - seg->first + 1;
	/* Each entry takes at least ~80 bytes, so a count beyond len is a lie. */
	if (count > (int64_t)(len / 16))
		return kerr(err, "seq range %" PRId64 "..%" PRId64 " does not fit the file",
			    seg->first, seg->last);
	seg->entries = calloc((size_t)count, sizeof *seg->entries);
	seg->arena = malloc(len + 1);
	if (!seg->entries || !seg->arena) {
		segment_release(seg);
		return kerr(err, "out of memory reading a segment");
	}
	memcpy(prev, seg->prev, STORE_HASH_LEN);
	for (i = 0; i < (size_t)count; i++) {
		struct entry *e = &seg->entries[i];
		const char *s;
		size_t tn, left;
		int64_t bl;
		uint8_t want[STORE_HASH_LEN];

		if (next_line(&r, &line, &n) != 0 || tagged(line, n, "e", &s, &left) != 0) {
			kerr(err, "entry %zu of %" PRId64 " is missing (truncated?)", i + 1, count);
			goto fail;
		}
		/* seq */
		tn = token(s, left);
		if (parse_i64(s, tn, &e->seq) != 0 || e->seq != seg->first + (int64_t)i ||
		    tn == left) {
			kerr(err, "entry %zu: seq out of order", i + 1);
			goto fail;
		}
		s += tn + 1, left -= tn + 1;
		/* at_ms */
		tn = token(s, left);
		if (parse_i64(s, tn, &e->at_ms) != 0 || tn == left) {
			kerr(err, "entry seq %" PRId64 ": bad time", e->seq);
			goto fail;
		}
		s += tn + 1, left -= tn + 1;
		/* kind */
		tn = token(s, left);
		if (tn == 0 || tn > STORE_KIND_MAX || tn == left) {
			kerr(err, "entry seq %" PRId64 ": bad kind", e->seq);
			goto fail;
		}
		memcpy(seg->arena + arena_used, s, tn);
		seg->arena[arena_used + tn] = '\0';
		e->kind = seg->arena + arena_used;
		arena_used += tn + 1;
		s += tn + 1, left -= tn + 1;
		/* hash */
		tn = token(s, left);
		if (trust_unhex(s, tn, e->hash, STORE_HASH_LEN) != 0 || tn == left) {
			kerr(err, "entry seq %" PRId64 ": bad hash", e->seq);
			goto fail;
		}
		s += tn + 1, left -= tn + 1;
		/* body length, then the body and its \n */
		if (parse_i64(s, left, &bl) != 0 || bl > SEGMENT_BODY_MAX ||
		    bl + 1 > (int64_t)(r.end - r.p) || r.p[bl] != '\n' ||
		    memchr(r.p, '\0', (size_t)bl) != NULL) {
			kerr(err, "entry seq %" PRId64 ": body cut short or malformed", e->seq);
			goto fail;
		}
		memcpy(seg->arena + arena_used, r.p, (size_t)bl);
		seg->arena[arena_used + (size_t)bl] = '\0';
		e->body = seg->arena + arena_used;
		arena_used += (size_t)bl + 1;
		r.p += bl + 1;
		e->device_id = seg->device_id;
		memcpy(e->prev_hash, prev, STORE_HASH_LEN);
		memcpy(want, e->hash, STORE_HASH_LEN);
		store_entry_hash(e);
		if (sodium_memcmp(want, e->hash, STORE_HASH_LEN) != 0) {
			kerr(err, "entry seq %" PRId64 ": hash does not match its content or chain",
			     e->seq);
			goto fail;
		}
		memcpy(prev, e->hash, STORE_HASH_LEN);
	}
	seg->n = (size_t)count;
	if (next_line(&r, &line, &n) != 0 || tagged(line, n, "tip", &v, &vn) != 0 ||
	    trust_unhex(v, vn, seg->tip, STORE_HASH_LEN) != 0) {
		kerr(err, "bad or missing tip line (truncated?)");
		goto fail;
	}
	if (sodium_memcmp(seg->tip, prev, STORE_HASH_LEN) != 0) {
		kerr(err, "tip does not match the last entry");
		goto fail;
	}
	if (next_line(&r, &line, &n) != 0 || tagged(line, n, "sig", &v, &vn) != 0 ||
	    trust_unhex(v, vn, seg->sig, TRUST_SIG_LEN) != 0) {
		kerr(err, "bad or missing signature line (truncated?)");
		goto fail;
	}
	if (r.p != r.end) {
		kerr(err, "data after the signature");
		goto fail;
	}
	return 0;
fail:
	segment_release(seg);
	return -1;
}

int segment_is_signed_by(const struct segment *seg, const uint8_t pk[TRUST_PK_LEN])
{
	return trust_tip_is_valid(seg->device_id, seg->last, seg->tip, pk, seg->sig);
}
