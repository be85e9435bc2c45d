/* segment.h - one append-only segment of a device's journal, as a text file:
 *
 *   KSEG1
 *   event <event id or ->
 *   device <device id>
 *   first <seq>
 *   last <seq>
 *   prev <hex hash of entry first-1, zeros for seq 1>
 *   e <seq> <at_ms> <kind> <hex hash> <body bytes>\n<body>\n     (per entry)
 *   tip <hex hash of entry last>
 *   sig <hex Ed25519 signature of the tip, see trust.h>
 *
 * Every line ends in \n; nothing may follow the sig line. Parsing checks the
 * layout, the seq range, every entry hash and the chain from prev to tip, so
 * a truncated, re-ordered or altered segment is refused; the signature check
 * (segment_is_signed_by) then says whether the device really wrote it.
 * Pure: libc, libsodium and store_entry_hash(); no I/O. */
#ifndef KIOSK_SEGMENT_H
#define KIOSK_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/kerr.h"
#include "store/store.h"
#include "trust.h"

#define SEGMENT_MAGIC "KSEG1"
#define SEGMENT_EVENT_MAX 64

struct segment {
	char event[SEGMENT_EVENT_MAX];             /* "-" when the store has no event id */
	char device_id[STORE_DEVICE_ID_MAX + 1];
	int64_t first, last;
	uint8_t prev[STORE_HASH_LEN];
	uint8_t tip[STORE_HASH_LEN];
	uint8_t sig[TRUST_SIG_LEN];
	struct entry *entries;                     /* last - first + 1, in seq order */
	size_t n;
	char *arena;                               /* owns the strings of entries */
};

/* Parse and check buf[len] (not modified). On 0, seg owns memory that
 * segment_release frees; on -1 err says what is wrong and nothing is held. */
int segment_parse(const char *buf, size_t len, struct segment *seg, char err[KERR_LEN]);
void segment_release(struct segment *seg);

/* 1 if the tip signature verifies with pk. */
int segment_is_signed_by(const struct segment *seg, const uint8_t pk[TRUST_PK_LEN]);

/* A growable output buffer the writer appends to. Free buf yourself. */
struct segbuf {
	char *buf;
	size_t len, cap;
};

/* Append a segment in three steps: the header (device, seq range first..last,
 * prev = hash of entry first-1), each entry in seq order, then the tip and its
 * signature by sk. The entries added must be exactly first..last (checked at
 * segment_end). Each returns 0 or -1 (out of memory, or a misuse in err). */
struct segwriter {
	struct segbuf *out;
	char device_id[STORE_DEVICE_ID_MAX + 1];
	int64_t next, last;
	uint8_t tip[STORE_HASH_LEN];
};
int segment_begin(struct segwriter *w, struct segbuf *out, const char *event,
		  const char *device_id, int64_t first, int64_t last,
		  const uint8_t prev[STORE_HASH_LEN], char err[KERR_LEN]);
int segment_add(struct segwriter *w, const struct entry *e, char err[KERR_LEN]);
int segment_end(struct segwriter *w, const uint8_t sk[TRUST_SK_LEN], char err[KERR_LEN]);
/* Like segment_end with a signature made earlier by the entries' own device
 * (a tip kept from a pull, to pass another device's entries on). */
int segment_end_signed(struct segwriter *w, const uint8_t sig[TRUST_SIG_LEN], char err[KERR_LEN]);

/* Low-level pieces, shared with the enrolment bundle writer. */
int segbuf_put(struct segbuf *b, const void *p, size_t n);
int segbuf_printf(struct segbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
