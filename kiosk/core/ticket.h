/* ticket.h - the signed ticket code: payload layout, Ed25519 signing and
 * verification, text form "T1" + Base32. Pure computation: libc and libsodium
 * (no I/O, no clock). Callers must have called sodium_init() once. */
#ifndef KIOSK_TICKET_H
#define KIOSK_TICKET_H

#include <stddef.h>
#include <stdint.h>

#include "kerr.h"

#define TICKET_PREFIX "T1"
#define TICKET_EVENT_ID_LEN 4      /* bytes of the event id inside a code */
#define TICKET_PK_LEN 32           /* Ed25519 public key */
#define TICKET_SK_LEN 64           /* Ed25519 secret key (libsodium layout) */
#define TICKET_SIG_LEN 64
#define TICKET_CODE_MAX 160        /* longest text form + NUL; fits QR v7-M alphanumeric (154) */

/* Payload byte 0: TICKET_V1 (no window) or TICKET_V1_WINDOW (valid_from/until follow). */
enum { TICKET_V1 = 1, TICKET_V1_WINDOW = 2 };

struct ticket {
	uint8_t event_id[TICKET_EVENT_ID_LEN];
	uint32_t serial;         /* attendee serial within the event, >= 1 */
	uint8_t type;            /* ticket type id (0 = general) */
	int has_window;          /* 1 if valid_from/valid_until are set */
	int64_t valid_from;      /* Unix seconds, inclusive (when has_window) */
	int64_t valid_until;     /* Unix seconds, exclusive (when has_window) */
};

/* Sign t with sk and write the text code (NUL-terminated) into out[TICKET_CODE_MAX]:
 * 121 characters, or 134 with a window. The window is stored as uint32 seconds,
 * so it must satisfy 0 <= valid_from < valid_until <= UINT32_MAX (year 2106).
 * Returns 0, or -1 with err filled (serial 0, window not representable). */
int ticket_encode(const struct ticket *t, const uint8_t sk[TICKET_SK_LEN],
		  char out[TICKET_CODE_MAX], char err[KERR_LEN]);

/* Parse the text code without checking the signature. Surrounding spaces and a
 * trailing CR/LF are ignored; lowercase letters are accepted.
 * Returns 0 and fills t, or -1 (t untouched) if it is not a well-formed ticket
 * code: wrong prefix, version or length, serial 0, or an empty window. */
int ticket_decode(const char *code, struct ticket *t);

/* 1 if the code's signature verifies with pk, 0 if not (or the code is malformed). */
int ticket_is_signed_by(const char *code, const uint8_t pk[TICKET_PK_LEN]);

/* Most bytes of a text that is no ticket that may be kept or shown. */
#define TICKET_FOREIGN_HEAD 4
/* How many leading bytes of text, a scanned code that is no ticket (a vCard,
 * a wallet or Wi-Fi QR shown by mistake), may be journaled or traced in
 * clear: up to TICKET_FOREIGN_HEAD ASCII letters and ':/.-', never a digit
 * (a phone shows nothing); "BEGI", "http", "WIFI" say what it was. */
size_t ticket_foreign_head(const char *text);

/* 1 if a scanned text is an unlock card's ("KU1" + the card secret, made by
 * store/vault.c, which also checks its length): its secret opens the data,
 * so it is never traced or kept. One test for the layers that cannot call
 * the vault (the camera, the trace). */
int ticket_is_card_text(const char *text);

#endif
