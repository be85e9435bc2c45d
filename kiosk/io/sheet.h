/* sheet.h - the printable ticket sheet (index.html: A4 grid of cards with the
 * QR images next to it) and codes.csv (for sending tickets by Messenger,
 * WhatsApp or SMS), both written atomically into the tickets folder.
 * Adapter: files (atomicfile); knows nothing of the store or of QR encoding. */
#ifndef KIOSK_SHEET_H
#define KIOSK_SHEET_H

#include <stddef.h>

#include "atomicfile.h"
#include "core/csvw.h"
#include "core/kerr.h"

#define SHEET_HTML "index.html"
#define SHEET_CSV "codes.csv"
#define SHEET_MESSAGES "messages.csv"
#define SHEET_SLUG_MAX 32          /* ASCII part of a PNG file name */
#define SHEET_FILE_MAX 64          /* "0001-rahim-uddin.png" + NUL, with room */
#define SHEET_EVENT_MAX 256

/* One attendee's card. Strings are borrowed for the call; UTF-8. */
struct sheet_card {
	long number;        /* shown as "#0001"; the file name starts with it */
	const char *name;
	const char *phone;  /* "" when none */
	const char *type;   /* ticket type name ("general", "vip"); "" when none */
	const char *code;   /* the text inside the QR code */
	const char *file;   /* PNG file name relative to the sheet's folder */
	const char *message;  /* the Bengali message to send ("" when none) */
	const char *whatsapp; /* https://wa.me/... link ("" without a phone) */
	const char *sms;      /* sms: link ("" without a phone) */
	const char *card;     /* ticket card PNG relative to the folder ("" when none) */
};

/* Caller's struct, from sheet_open until sheet_commit or sheet_abort. */
struct sheet {
	struct atomicfile html;
	struct atomicfile csv;
	struct csvw rows;              /* codes.csv's rows, streamed into csv */
	struct atomicfile msgs;        /* messages.csv */
	struct csvw mrows;             /* name,phone,code,message,whatsapp,sms */
	char dir[ATOMICFILE_PATH_MAX];
	char event[SHEET_EVENT_MAX];   /* shown on every card; cut at a character */
	int cards;
};

/* Start DIR/index.html, DIR/codes.csv and DIR/messages.csv (as temp files;
 * the old ones stay until sheet_commit). event_name is shown on the sheet and every card.
 * Returns 0, or -1 with err (nothing is left behind). */
int sheet_open(struct sheet *sh, const char *dir, const char *event_name, char err[KERR_LEN]);

/* Add one card and one CSV row. Returns 0, or -1 with err (then call sheet_abort). */
int sheet_add(struct sheet *sh, const struct sheet_card *card, char err[KERR_LEN]);

/* Finish both files, put them in place and fsync the folder (which also makes
 * the PNGs' renames durable). Returns 0, or -1 with err; on -1 neither file
 * was replaced unless err says the folder sync failed. sh is finished either way. */
int sheet_commit(struct sheet *sh, char err[KERR_LEN]);

/* Throw both temp files away; the old sheet, if any, stays. */
void sheet_abort(struct sheet *sh);

/* The PNG file name for a card: "0001-rahim-uddin.png" (number zero-padded
 * to 4 digits, then the ASCII letters and digits of name, lowercased, other
 * runs as "-", at most SHEET_SLUG_MAX), or "0003.png" when name has no ASCII
 * letters or digits (a Bengali name). Returns the length, or -1 if cap is too
 * small or number < 0. */
int sheet_file_name(long number, const char *name, char *out, size_t cap);

/* The ticket files DIR/codes.csv names (its file column; only names
 * sheet_file_name makes): *names is a run of NUL-terminated names, *len
 * bytes in all, for the caller to free. No codes.csv: none. Returns 0, or -1
 * with err (codes.csv unreadable, malformed or over SHEET_LIST_MAX). */
#define SHEET_LIST_MAX ((size_t)1 << 30)
int sheet_listed_files(const char *dir, char **names, size_t *len, char err[KERR_LEN]);

/* After a new sheet's commit: remove the tickets of an earlier issue that
 * the new codes.csv does not name (old, old_len: sheet_listed_files before
 * it), DIR/NAME and DIR/cards/NAME, so the folder holds the current tickets
 * only. Nothing else is touched. Returns 0, or -1 with err. */
int sheet_prune(const char *dir, const char *old, size_t old_len, char err[KERR_LEN]);

#endif
