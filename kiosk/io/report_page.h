/* report_page.h - the report's page (index.html), for report_write.c, and
 * its words, for the page's files. Private to kiosk/io.
 * Adapter: stdio streams only; no store, no clock. */
#ifndef KIOSK_REPORT_PAGE_H
#define KIOSK_REPORT_PAGE_H

#include <stdio.h>

#include "core/kerr.h"
#include "core/report_data.h"

enum word {
	W_TITLE, W_GENERATED, W_REGISTERED, W_CAME, W_NO_SHOWS, W_WALKINS, W_DOUBLES,
	W_CANCELLED, W_PEAK, W_PEAK_UNIT, W_PEAK_RATE, W_ARRIVALS_H, W_ARRIVALS_NOTE, W_DOOR, W_ARRIVALS,
	W_SCANS, W_NAME, W_PHONE, W_TYPE, W_SERIAL, W_TIME, W_DEVICE, W_TIMES, W_REJECTED,
	W_REASON, W_COUNT, W_UNDONE, W_CUSTOMERS_H, W_CUSTOMERS_NOTE, W_GUESTS, W_RETURNING,
	W_NEW, W_CAME_BACK, W_MEETUP, W_DATE, W_COMPLETE_H, W_COMPLETE_NOTE, W_ENTRIES,
	W_UP_TO, W_LAST_AT, W_MISSING, W_THIS_DEVICE, W_ALL_IN, W_FILES, W_MORE, W_NONE,
	W_NO_CHECKINS, W_THIS_MEETUP, W_ALREADY_IN, W_DOUBLES_NOTE, W_GAPS, W_MINUTES,
	W_SEQ, W_CHECKED_IN, W_NOT_YET, W_ORDERED_BEFORE, W_BUYERS, W_BOUGHT_AGAIN,
	W_FEEDBACK_H, W_FEEDBACK_NOTE, W_SELLER, W_PRODUCT, W_FACES, W_FEEDBACKS, W_TAGS,
	W_COMMENTS_H, W_COMMENT, W_BURSTS_H, W_BURSTS_NOTE, W_WHOLE_MEETUP, W_FACE1, W_FACE2,
	W_FACE3, W_FACE4, W_ORDERS_H, W_ORDERS, W_ITEMS, W_MONEY, W_TO_COLLECT, W_CANCELLED_ORDERS,
	W_TOTAL, W_DELIVERIES_H, W_DELIVERIES_NOTE, W_ORDER_NO, W_DISTRICT, W_BURSTS, W_PAYMENT,
	W_INSIDE_H, W_INSIDE_NOTE, W_EXITS, W_INSIDE_END, W_REENTRIES, W_STATIONS_H, W_STATION,
	W_SERVED, W_PEAK_INSIDE, W_INSIDE,
	W_WALLET_H, W_WALLET_NOTE, W_WALLET_ORDERS, W_WALLET_MATCHED, W_WALLET_UNMATCHED,
	W_STATUS, W_AMOUNT, W_RECEIVED, W_TRX, W_ALL_MATCHED, W_RISKY_H, W_RISKY_NOTE,
	W_DELIVERED, W_RETURNED, W_CANCELLED_PARCELS, W_WALKIN_DUPS, W_WALKIN_DUPS_NOTE,
	W_SERVED_TWICE, W_SERVED_TWICE_NOTE,
	W_COUNT_OF_WORDS
};

/* Word w in English (bn 0) or Bengali (bn 1). */
const char *report_word(enum word w, int bn);

/* Write the whole page of r to f in lang ("bn" or "en"), with the font at
 * font_path embedded (NULL: none). Stream errors stay in ferror(f) for the
 * caller's commit. Returns 0, or -1 with err (the font could not be read). */
int report_page_write(FILE *f, const struct report *r, const char *lang, const char *font_path,
		      char err[KERR_LEN]);

/* ---- shared by the page's files (report_page.c, report_page_shop.c) ---- */

struct out {
	FILE *f;
	int bn;               /* page language is Bengali */
	const char *lang;     /* "bn" or "en" */
	int tz;               /* event's offset, minutes */
};

/* Word w in the page's language; a summary card; a count and an amount in
 * the page's digits; text escaped; the "N more in FILE" line under a table.
 * Stream errors stay in ferror(o->f). */
const char *rp_W(const struct out *o, enum word w);
void rp_card(struct out *o, enum word label, int64_t v, int warn);
void rp_html_count(struct out *o, int64_t n);
void rp_html_money(struct out *o, int64_t poisha);
void rp_html_text(struct out *o, const char *s);
void rp_more_rows(struct out *o, int shown, int total, const char *file);
/* The feedback, orders, wallet and risky-orders sections of the page. */
void rp_section_feedback(struct out *o, const struct report *r);
void rp_section_orders(struct out *o, const struct report *r);
void rp_section_risky(struct out *o, const struct report *r);
void rp_section_wallet(struct out *o, const struct report *r);

#endif
